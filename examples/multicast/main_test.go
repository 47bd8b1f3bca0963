package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var listening = regexp.MustCompile(`^Listening on 0\.0\.0\.0:(\d+), member of (\S+) via 127\.0\.0\.1\n$`)

// startReceiver runs the receiver for count datagrams on a free port of
// group and returns the port.
func startReceiver(t *testing.T, group string, count int) (int, *bytes.Buffer, chan error) {
	t.Helper()
	pr, pw := io.Pipe()
	stdout := new(bytes.Buffer)
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"receive", "-group", group, "-port", "0", "-count", strconv.Itoa(count)}, stdout, pw)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("receiver: %v (%v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	m := listening.FindStringSubmatch(line)
	if m == nil || m[2] != group {
		t.Fatalf("receiver said %q", line)
	}
	port, _ := strconv.Atoi(m[1])
	return port, stdout, done
}

func wait(t *testing.T, done chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the receiver got nothing in 10 s: multicast over loopback failed")
	}
}

func TestMulticast(t *testing.T) {
	group := "239.255.77.1"
	t.Run("send to receive", func(t *testing.T) {
		port, stdout, done := startReceiver(t, group, 2)
		var out bytes.Buffer
		if err := run([]string{"send", "-group", group, "-port", strconv.Itoa(port), "hello", "group"}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		wait(t, done)
		if want := "received \"hello\" from 127.0.0.1\nreceived \"group\" from 127.0.0.1\n"; stdout.String() != want {
			t.Errorf("receiver printed %q, want %q", stdout, want)
		}
		if want := fmt.Sprintf("sent \"hello\" to %s:%d\nsent \"group\" to %s:%d\n", group, port, group, port); out.String() != want {
			t.Errorf("sender printed %q, want %q", out.String(), want)
		}
	})
	t.Run("python sender", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; install python3 to run the Python sender")
		}
		port, stdout, done := startReceiver(t, group, 1)
		prog := fmt.Sprintf(`import socket
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 2)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('127.0.0.1'))
sock.sendto(b'robot', (%q, %d))
`, group, port)
		if out, err := exec.Command(py, "-c", prog).CombinedOutput(); err != nil {
			t.Fatalf("python3: %v\n%s", err, out)
		}
		wait(t, done)
		if want := "received \"robot\" from 127.0.0.1\n"; stdout.String() != want {
			t.Errorf("receiver printed %q, want %q", stdout, want)
		}
	})
	t.Run("bad input", func(t *testing.T) {
		for _, args := range [][]string{nil, {"shout"}, {"send", "-group", "nope"}, {"receive", "-iface", "::1"}} {
			if err := run(args, io.Discard, io.Discard); err == nil {
				t.Errorf("run(%q) succeeded", strings.Join(args, " "))
			}
		}
	})
}
