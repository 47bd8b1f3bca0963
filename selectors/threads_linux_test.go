//go:build linux

package selectors_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/selectors"
)

// TestSelectParksGoroutines blocks 1,000 goroutines in Select, a quarter on
// each kind of selector, and checks that the process stays under 50 OS
// threads; then it wakes each one and checks the key and events it gets.
func TestSelectParksGoroutines(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 3,000 descriptors; run without -short")
	}
	const n = 1000
	kinds := []func() (selectors.Selector, error){
		selectors.NewSelectSelector, selectors.NewDefaultSelector,
		selectors.NewPollSelector, selectors.NewEpollSelector,
	}
	type end struct {
		a, b *socket.Socket
		sel  selectors.Selector
		key  *selectors.SelectorKey
	}
	ends := make([]end, n)
	// The select(2) selectors' sockets first, below FD_SETSIZE.
	for _, first := range []bool{true, false} {
		for i := range ends {
			if (i%len(kinds) == 0) != first {
				continue
			}
			a, b := pair(t)
			sel, err := kinds[i%len(kinds)]()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { sel.Close() })
			key, err := sel.Register(a, selectors.EVENT_READ, i)
			if err != nil {
				t.Fatal(err)
			}
			ends[i] = end{a, b, sel, key}
		}
	}
	var started, returned atomic.Int32
	errs := make(chan string, n)
	var wg sync.WaitGroup
	for i := range ends {
		wg.Add(1)
		go func(e end) {
			defer wg.Done()
			started.Add(1)
			ready, err := e.sel.Select(socket.NoTimeout)
			returned.Add(1)
			switch {
			case err != nil:
				errs <- err.Error()
			case len(ready) != 1 || ready[0].Key != e.key || ready[0].Events != selectors.EVENT_READ:
				errs <- "wrong result"
			}
		}(ends[i])
	}
	for started.Load() < n {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	if r := returned.Load(); r != 0 {
		t.Fatalf("%d selects returned before anything was sent", r)
	}
	th := threads(t)
	t.Logf("%d goroutines in Select; %d OS threads", n, th)
	if th >= 50 {
		t.Errorf("%d OS threads with %d goroutines in Select; want fewer than 50", th, n)
	}
	for _, e := range ends {
		if _, err := e.b.Send([]byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
