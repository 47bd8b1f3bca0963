//go:build linux

package socket_test

import (
	"testing"

	"github.com/pysocket/socket"
)

func TestNonblockFlagMeansNonblockingMode(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM|socket.SOCK_NONBLOCK, 0)
	if s.Gettimeout() != 0 || s.Getblocking() || s.Type() != socket.SOCK_STREAM {
		t.Errorf("Gettimeout %v Getblocking %v Type %v", s.Gettimeout(), s.Getblocking(), s.Type())
	}
}

func TestTypeFlagsStripped(t *testing.T) {
	t.Parallel()
	s := mustNew(t, socket.AF_UNIX, socket.SOCK_DGRAM|socket.SOCK_CLOEXEC, 0)
	if s.Type() != socket.SOCK_DGRAM {
		t.Errorf("Type = %v, want SOCK_DGRAM without the flags", s.Type())
	}
}
