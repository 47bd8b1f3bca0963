//go:build linux

package selectors_test

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/selectors"
)

// TestSocketModesWhileRegistered registers sockets in each timeout mode in
// each kind of selector and checks that Select sees them and that their
// own calls behave as their mode says while they are registered.
func TestSocketModesWhileRegistered(t *testing.T) {
	modes := []struct {
		name    string
		timeout time.Duration
	}{
		{"blocking", socket.NoTimeout},
		{"timeout", 50 * time.Millisecond},
		{"non-blocking", 0},
	}
	for _, k := range selectorKinds {
		for _, m := range modes {
			t.Run(k.name+"/"+m.name, func(t *testing.T) {
				t.Parallel()
				s := newSel(t, k.new)
				a, b := pair(t)
				if err := a.Settimeout(m.timeout); err != nil {
					t.Fatal(err)
				}
				key, err := s.Register(a, selectors.EVENT_READ, m.name)
				if err != nil {
					t.Fatal(err)
				}
				if r, err := s.Select(0); err != nil || len(r) != 0 {
					t.Fatalf("idle select: %v %v", r, err)
				}
				switch m.timeout {
				case 0:
					if _, err := a.Recv(1); !errors.Is(err, syscall.EAGAIN) {
						t.Errorf("non-blocking recv on an idle socket: %v; want EAGAIN", err)
					}
				case socket.NoTimeout:
					// A blocking Recv waiting beside a waiting Select: both
					// see the data.
					done := make(chan []selectors.Ready)
					go func() {
						r, _ := s.Select(socket.NoTimeout)
						done <- r
					}()
					go func() {
						time.Sleep(50 * time.Millisecond)
						b.Send([]byte("early"))
					}()
					if r := <-done; len(r) != 1 || r[0].Key != key {
						t.Errorf("select beside a blocking recv: %v", r)
					}
					if got, err := a.Recv(16); err != nil || string(got) != "early" {
						t.Errorf("blocking recv: %q %v", got, err)
					}
				default:
					if _, err := a.Recv(1); !errors.Is(err, os.ErrDeadlineExceeded) {
						t.Errorf("recv with a timeout on an idle socket: %v; want a timeout", err)
					}
				}
				if _, err := b.Send([]byte("ping")); err != nil {
					t.Fatal(err)
				}
				r, err := s.Select(5 * time.Second)
				if err != nil || len(r) != 1 || r[0].Key != key || r[0].Events != selectors.EVENT_READ {
					t.Fatalf("select: %v %v", r, err)
				}
				if got, err := a.Recv(16); err != nil || string(got) != "ping" {
					t.Errorf("recv while registered: %q %v", got, err)
				}
				if _, err := a.Send([]byte("pong")); err != nil {
					t.Errorf("send while registered: %v", err)
				}
				if got, err := b.Recv(16); err != nil || string(got) != "pong" {
					t.Errorf("peer recv: %q %v", got, err)
				}
				if a.Gettimeout() != m.timeout {
					t.Errorf("timeout changed to %v", a.Gettimeout())
				}
			})
		}
	}
}
