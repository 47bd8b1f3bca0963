package socket_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pysocket/socket"
)

// TestNilContext calls every function that takes a context with a nil one:
// each returns an *Error whose *ValueError names ctx, and none panics or
// takes nil for context.Background().
func TestNilContext(t *testing.T) {
	var nilCtx context.Context // a hostile caller's nil, kept in a variable
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	if err := a.Sendall([]byte("x")); err != nil {
		t.Fatal(err)
	}
	l := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"ConnectContext", func() error {
			return mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0).ConnectContext(nilCtx, socket.InetAddr{Host: "127.0.0.1", Port: 1})
		}},
		{"AcceptContext", func() error { _, _, err := l.AcceptContext(nilCtx); return err }},
		{"RecvContext", func() error { _, err := b.RecvContext(nilCtx, 1); return err }},
		{"RecvIntoContext", func() error { _, err := b.RecvIntoContext(nilCtx, make([]byte, 1)); return err }},
		{"SendContext", func() error { _, err := a.SendContext(nilCtx, []byte("y")); return err }},
		{"SendallContext", func() error { return a.SendallContext(nilCtx, []byte("y")) }},
		{"CreateConnectionContext", func() error { _, err := socket.CreateConnectionContext(nilCtx, "127.0.0.1", 1, nil); return err }},
		{"GetaddrinfoContext", func() error {
			_, err := socket.GetaddrinfoContext(nilCtx, "127.0.0.1", "80", 0, 0, 0, 0)
			return err
		}},
		{"GetnameinfoContext", func() error {
			_, _, err := socket.GetnameinfoContext(nilCtx, socket.InetAddr{Host: "127.0.0.1", Port: 80}, 0)
			return err
		}},
		{"GethostbynameContext", func() error { _, err := socket.GethostbynameContext(nilCtx, "127.0.0.1"); return err }},
		{"GethostbynameExContext", func() error { _, _, _, err := socket.GethostbynameExContext(nilCtx, "127.0.0.1"); return err }},
		{"GethostbyaddrContext", func() error { _, _, _, err := socket.GethostbyaddrContext(nilCtx, "127.0.0.1"); return err }},
		{"GetfqdnContext", func() error { _, err := socket.GetfqdnContext(nilCtx, "localhost"); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var se *socket.Error
			var ve *socket.ValueError
			if !errors.As(err, &se) || !errors.As(err, &ve) || ve.Arg != "ctx" {
				t.Fatalf("%s(nil) = %v (%T), want an *Error with a *ValueError naming ctx", tc.name, err, err)
			}
			if !errors.Is(err, socket.ErrInvalid) {
				t.Errorf("%s(nil) = %v, want errors.Is ErrInvalid", tc.name, err)
			}
		})
	}
	// Nothing was consumed or sent by the refused calls.
	if got, err := b.Recv(10); err != nil || string(got) != "x" {
		t.Errorf("Recv after the nil-context calls = %q, %v, want \"x\"", got, err)
	}
}
