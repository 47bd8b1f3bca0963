//go:build linux

package pyselect_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
)

// TestWaitParksGoroutines blocks 1,000 goroutines in Select, Poll and
// epoll.Poll at once and checks that the process stays under 50 OS
// threads: waiting parks goroutines in the runtime poller, not threads in
// the kernel. Then it wakes each one and checks what it returns.
func TestWaitParksGoroutines(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 3,000 descriptors; run without -short")
	}
	const n = 1000
	type end struct{ a, b *socket.Socket }
	ends := make([]end, n)
	// The sockets for select(2) first, so that their descriptors stay
	// below FD_SETSIZE.
	for _, sel := range []bool{true, false} {
		for i := range ends {
			if (i%3 == 0) == sel {
				a, b := pair(t)
				ends[i] = end{a, b}
			}
		}
	}
	var started, returned atomic.Int32
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range ends {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			a := ends[i].a
			started.Add(1)
			var ok bool
			var err error
			switch i % 3 {
			case 0:
				var r []*socket.Socket
				r, _, _, err = pyselect.Select([]*socket.Socket{a}, nil, nil, socket.NoTimeout)
				ok = len(r) == 1 && r[0] == a
			case 1:
				p := pyselect.Poll()
				if err = p.Register(a, pyselect.POLLIN); err == nil {
					var evs []pyselect.PollEvent
					evs, err = p.Poll(socket.NoTimeout)
					ok = len(evs) == 1 && evs[0] == pyselect.PollEvent{Fd: a.Fileno(), Events: pyselect.POLLIN}
				}
			case 2:
				// One epoll object per goroutine: each waits for its own socket.
				var e *pyselect.EpollObject
				if e, err = pyselect.NewEpoll(-1, 0); err == nil {
					if err = e.Register(a, pyselect.EPOLLIN); err == nil {
						var evs []pyselect.PollEvent
						evs, err = e.Poll(socket.NoTimeout, -1)
						ok = len(evs) == 1 && evs[0].Fd == a.Fileno()
					}
					e.Close()
				}
			}
			returned.Add(1)
			if err == nil && !ok {
				err = errUnexpected
			}
			errs <- err
		}(i)
	}
	for started.Load() < n {
		time.Sleep(10 * time.Millisecond)
	}
	// Let every goroutine reach its wait.
	time.Sleep(500 * time.Millisecond)
	if r := returned.Load(); r != 0 {
		for range r {
			t.Log(<-errs)
		}
		t.Fatalf("%d waits returned before anything was sent", r)
	}
	th := threads(t)
	t.Logf("%d goroutines waiting; %d OS threads", n, th)
	if th >= 50 {
		t.Errorf("%d OS threads with %d goroutines waiting; want fewer than 50", th, n)
	}
	for _, e := range ends {
		if _, err := e.b.Send([]byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

var errUnexpected = &unexpectedError{}

type unexpectedError struct{}

func (*unexpectedError) Error() string { return "wait returned the wrong result" }
