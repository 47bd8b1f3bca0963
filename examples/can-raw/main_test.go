//go:build linux

package main

import (
	"bytes"
	"errors"
	"net"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// needVcan skips the test where the kernel has no AF_CAN or no vcan0, and
// fails it inside scripts/vmtest's machine, where nothing may skip.
func needVcan(t *testing.T) {
	t.Helper()
	s, err := socket.New(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW)
	if err == nil {
		s.Close()
		_, err = net.InterfaceByName("vcan0")
	}
	if err == nil {
		return
	}
	switch {
	case inVM:
		t.Fatal(err)
	case errors.Is(err, syscall.EAFNOSUPPORT):
		t.Skip("AF_CAN not supported by this kernel; run scripts/vmtest")
	case strings.Contains(err.Error(), "no such network interface"):
		t.Skipf("no vcan0 interface (%v); run scripts/vmtest", err)
	}
	t.Fatal(err)
}

func TestPyBytes(t *testing.T) {
	in := []byte{1, 2, 3, 'a', '\'', '\\', '\n', 0x7f, 0xff}
	want := `b'\x01\x02\x03a\'\\\n\x7f\xff'`
	if py, err := exec.LookPath("python3"); err == nil {
		out, err := exec.Command(py, "-c", "import sys; print(repr(bytes.fromhex(sys.argv[1])))", "010203612c5c0a7fff").Output()
		if err != nil {
			t.Fatal(err)
		}
		// The same bytes with a comma instead of the quote, which python's
		// repr would switch quotes for.
		if got := pyBytes([]byte{1, 2, 3, 'a', ',', '\\', '\n', 0x7f, 0xff}); got != strings.TrimSpace(string(out)) {
			t.Errorf("pyBytes %s, python %s", got, out)
		}
	}
	if got := pyBytes(in); got != want {
		t.Errorf("pyBytes %s, want %s", got, want)
	}
}

func TestRun(t *testing.T) {
	needVcan(t)
	peer, err := socket.New(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW)
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	if err := peer.Settimeout(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if err := peer.Bind(socket.CANAddr{Interface: "vcan0"}); err != nil {
		t.Fatal(err)
	}

	bound := make(chan struct{})
	ready = func() { close(bound) }
	defer func() { ready = nil }()
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run([]string{"-i", "vcan0", "-n", "1"}, &out) }()
	select {
	case <-bound:
	case err := <-done:
		t.Fatalf("run: %v", err)
	}

	frame, err := buildCANFrame(0x123, []byte{0xde, 0xad})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := peer.Send(frame); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return")
	}
	if want := "Received: can_id=123, can_dlc=2, data=b'\\xde\\xad'\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
	// The peer hears the echo, then the example's own frame.
	for _, want := range []struct {
		id   uint32
		data []byte
	}{{0x123, []byte{0xde, 0xad}}, {0x01, []byte{1, 2, 3}}} {
		b, addr, err := peer.Recvfrom(socket.CAN_MTU)
		if err != nil {
			t.Fatal(err)
		}
		id, _, data, err := dissectCANFrame(b)
		if err != nil || id != want.id || !bytes.Equal(data, want.data) || addr != (socket.CANAddr{Interface: "vcan0"}) {
			t.Errorf("peer received %x %x from %v (%v), want %x %x", id, data, addr, err, want.id, want.data)
		}
	}
}
