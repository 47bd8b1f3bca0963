//go:build linux

package main

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var line = regexp.MustCompile(`^(datagram|batch|gso)\s+(\d+)\s+(\d+)\s+(\S+)$`)

// TestBlast runs every mode for a short while over loopback and checks
// that each reports datagrams sent and delivered.
func TestBlast(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-duration", "200ms"}, &out, io.Discard); err != nil {
		if strings.Contains(err.Error(), "Linux 4.18") || strings.Contains(err.Error(), "Linux 5.0") {
			t.Skipf("UDP GSO/GRO not supported by this kernel: %v; it needs Linux 5.0 or later", err)
		}
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("want a header and 3 lines:\n%s", out.String())
	}
	for i, l := range lines[1:] {
		m := line.FindStringSubmatch(l)
		if m == nil || m[1] != modes[i] {
			t.Fatalf("line %q, want the %s mode's numbers", l, modes[i])
		}
		sent, _ := strconv.ParseFloat(m[2], 64)
		got, _ := strconv.ParseFloat(m[3], 64)
		if sent <= 0 || got <= 0 || got > sent*1.01 {
			t.Errorf("%s: sent/s %v, delivered/s %v", m[1], sent, got)
		}
	}
	t.Logf("\n%s", out.String())
}

// TestSendRecv runs the two ends apart, as on two hosts.
func TestSendRecv(t *testing.T) {
	var rout bytes.Buffer
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-role", "recv", "-duration", "1s"}, &rout, pw)
		pw.Close()
	}()
	buf := make([]byte, 128)
	n, err := pr.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`receiving on 127\.0\.0\.1:(\d+)`).FindSubmatch(buf[:n])
	if m == nil {
		t.Fatalf("receiver said %q", buf[:n])
	}
	var sout bytes.Buffer
	if err := run([]string{"-role", "send", "-to", "127.0.0.1:" + string(m[1]), "-mode", "batch", "-duration", "200ms"}, &sout, io.Discard); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("receiver did not stop")
	}
	if !strings.HasPrefix(sout.String(), "batch    sent/s ") || !strings.HasPrefix(rout.String(), "delivered/s ") || strings.HasPrefix(rout.String(), "delivered/s 0 ") {
		t.Errorf("sender said %q, receiver %q", sout.String(), rout.String())
	}
}

// TestBadFlags: bad flags are errors, not panics.
func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-mode", "x"}, {"-role", "x"}, {"-size", "0"}, {"-port", "70000"}, {"-role", "send", "-to", "nohost"}} {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
