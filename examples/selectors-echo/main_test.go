//go:build linux

package main

import (
	"bufio"
	"io"
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// lines delivers a program's output line by line.
func lines(r io.Reader) <-chan string {
	ch := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			ch <- sc.Text()
		}
		close(ch)
	}()
	return ch
}

// session drives two clients through the server on port in a fixed order,
// waiting for each line the server prints before the next step, and
// returns what the server printed, with descriptors and client ports
// replaced by placeholders (they differ between runs).
func session(t *testing.T, port int, out <-chan string) []string {
	t.Helper()
	var got []string
	expect := func(prefix string) {
		t.Helper()
		select {
		case l, ok := <-out:
			if !ok {
				t.Fatalf("server stopped; want a line %q", prefix)
			}
			if !strings.HasPrefix(l, prefix) {
				t.Fatalf("server printed %q; want %q...", l, prefix)
			}
			got = append(got, l)
		case <-time.After(10 * time.Second):
			t.Fatalf("no line %q from the server", prefix)
		}
	}
	dial := func() net.Conn {
		t.Helper()
		var c net.Conn
		var err error
		for range 100 {
			if c, err = net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port))); err == nil {
				c.SetDeadline(time.Now().Add(10 * time.Second))
				return c
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatal(err)
		return nil
	}
	echo := func(c net.Conn, msg string) {
		t.Helper()
		if _, err := c.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, len(msg))
		if _, err := io.ReadFull(c, buf); err != nil || string(buf) != msg {
			t.Fatalf("echo %q: %q %v", msg, buf, err)
		}
		expect("echoing ")
	}
	c1 := dial()
	expect("accepted ")
	echo(c1, "hello")
	c2 := dial()
	expect("accepted ")
	echo(c2, "world\n")
	echo(c1, "it's \x00\xff")
	c1.Close()
	expect("closing ")
	echo(c2, "again")
	c2.Close()
	expect("closing ")

	fds := regexp.MustCompile(`fd=\d+`)
	ports := regexp.MustCompile(`'127\.0\.0\.1', (\d+)\)`)
	names := map[string]string{strconv.Itoa(port): "PORT"}
	for i, l := range got {
		l = fds.ReplaceAllString(l, "fd=N")
		l = ports.ReplaceAllStringFunc(l, func(m string) string {
			p := ports.FindStringSubmatch(m)[1]
			if names[p] == "" {
				names[p] = "CLIENT" + strconv.Itoa(len(names))
			}
			return "'127.0.0.1', " + names[p] + ")"
		})
		got[i] = l
	}
	return got
}

func TestSelectorsEcho(t *testing.T) {
	port := freePort(t)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-host", "127.0.0.1", "-port", strconv.Itoa(port), "-clients", "2"}, pw, io.Discard)
		pw.Close()
	}()
	goOut := session(t, port, lines(pr))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, l := range goOut {
		t.Log(l)
	}

	t.Run("python original", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; install python3 to compare with the Python original")
		}
		pyPort := freePort(t)
		cmd := exec.Command(py, "-u", "testdata/selectors_echo.py", strconv.Itoa(pyPort))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() {
			cmd.Process.Kill()
			cmd.Wait()
		}()
		pyOut := session(t, pyPort, lines(stdout))
		if strings.Join(pyOut, "\n") != strings.Join(goOut, "\n") {
			t.Errorf("Go printed:\n%s\nPython printed:\n%s\n%s", strings.Join(goOut, "\n"), strings.Join(pyOut, "\n"), stderr.String())
		}
	})
	t.Run("bad flag", func(t *testing.T) {
		if err := run([]string{"-port", "x"}, io.Discard, io.Discard); err == nil {
			t.Error("run with a bad port succeeded")
		}
	})
}
