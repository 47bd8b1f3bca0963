//go:build linux

package selectors_test

import (
	"errors"
	"net"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
	"github.com/pysocket/socket/selectors"
)

// TestHostileCallers gives the selectors and pyselect's objects nil and
// zero values, typed-nil file objects and extreme timeouts: each gives an
// error or an answer, never a panic or a hang.
func TestHostileCallers(t *testing.T) {
	var nilSock *socket.Socket
	sels := map[string]selectors.Selector{
		"nil *EpollSelector":  (*selectors.EpollSelector)(nil),
		"nil *PollSelector":   (*selectors.PollSelector)(nil),
		"nil *SelectSelector": (*selectors.SelectSelector)(nil),
		"zero EpollSelector":  &selectors.EpollSelector{},
		"zero PollSelector":   &selectors.PollSelector{},
		"zero SelectSelector": &selectors.SelectSelector{},
	}
	for name, s := range sels {
		t.Run(name, func(t *testing.T) {
			if _, err := s.Register(selectors.Fd(0), selectors.EVENT_READ, nil); !errors.Is(err, net.ErrClosed) {
				t.Errorf("Register: %v; want the closed selector's RuntimeError", err)
			}
			if _, err := s.Select(time.Millisecond); !errors.Is(err, net.ErrClosed) {
				t.Errorf("Select: %v", err)
			}
			if _, err := s.Modify(selectors.Fd(0), selectors.EVENT_READ, nil); err == nil {
				t.Error("Modify succeeded")
			}
			if _, err := s.Unregister(selectors.Fd(0)); err == nil {
				t.Error("Unregister succeeded")
			}
			if _, err := s.GetKey(selectors.Fd(0)); err == nil {
				t.Error("GetKey succeeded")
			}
			if m := s.GetMap(); m != nil {
				t.Errorf("GetMap: %v", m)
			}
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
	for _, k := range selectorKinds {
		t.Run(k.name+"/typed nil and extremes", func(t *testing.T) {
			s := newSel(t, k.new)
			if _, err := s.Register(nilSock, selectors.EVENT_READ, nil); !errors.Is(err, socket.ErrInvalid) {
				t.Errorf("Register(typed nil): %v; want ValueError", err)
			}
			if _, err := s.Register(nil, selectors.EVENT_READ, nil); !errors.Is(err, socket.ErrInvalid) {
				t.Errorf("Register(nil): %v; want ValueError", err)
			}
			if _, err := s.Register(selectors.Fd(^uint(0)>>1), selectors.EVENT_READ, nil); err == nil && k.name == "EpollSelectorTestCase" {
				t.Error("Register(MaxInt) succeeded on epoll")
			}
			s.Unregister(selectors.Fd(^uint(0) >> 1))
			_, w := pair(t)
			s.Register(w, selectors.EVENT_WRITE, []int{1})
			if k, err := s.Modify(w, selectors.EVENT_WRITE, []int{1}); err != nil || k == nil {
				t.Errorf("Modify with incomparable data: %v", err)
			}
			for _, timeout := range []time.Duration{1<<63 - 1, -1 << 63, socket.NoTimeout} {
				if r, err := s.Select(timeout); err != nil || len(r) != 1 {
					t.Errorf("Select(%v) with a writable socket: %v %v", timeout, r, err)
				}
			}
		})
	}
	t.Run("nil pyselect objects", func(t *testing.T) {
		var p *pyselect.PollObject
		if err := p.Register(selectors.Fd(0)); err == nil {
			t.Error("nil poll Register succeeded")
		}
		if _, err := p.Poll(0); err == nil {
			t.Error("nil poll Poll succeeded")
		}
		var e *pyselect.EpollObject
		if err := e.Register(selectors.Fd(0)); err == nil {
			t.Error("nil epoll Register succeeded")
		}
		if _, err := e.Poll(0, -1); err == nil {
			t.Error("nil epoll Poll succeeded")
		}
		if e.Fileno() != -1 || !e.Closed() || e.Close() != nil {
			t.Error("nil epoll is not closed")
		}
		var zero pyselect.EpollObject
		if err := zero.Register(selectors.Fd(0)); err == nil {
			t.Error("zero epoll Register succeeded")
		}
		_, _, _, err := pyselect.Select([]pyselect.Fd{pyselect.Fd(^uint(0) >> 1)}, nil, nil, 0)
		if !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("select(MaxInt): %v", err)
		}
	})
}
