//go:build linux

package selectors_test

import (
	"testing"

	"github.com/pysocket/socket/selectors"
)

// TestAllocs checks what Select allocates on the epoll selector: nothing
// when nothing is ready, and the returned list (with the event list it is
// built from) when something is.
func TestAllocs(t *testing.T) {
	s := newSel(t, selectors.NewEpollSelector)
	a, b := pair(t)
	if _, err := s.Register(a, selectors.EVENT_READ, nil); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { s.Select(0) }); n != 0 {
		t.Errorf("idle Select(0): %v allocations; want 0", n)
	}
	b.Send([]byte("x"))
	if n := testing.AllocsPerRun(100, func() { s.Select(0) }); n > 2 {
		t.Errorf("Select(0) with a ready socket: %v allocations; want at most 2", n)
	}
}
