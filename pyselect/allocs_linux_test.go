//go:build linux

package pyselect_test

import (
	"testing"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
)

// TestAllocs checks what the calls allocate: a look that finds nothing
// allocates nothing, and a look that finds events allocates only the
// result that Python's call returns too (a list).
func TestAllocs(t *testing.T) {
	a, b := pair(t)
	ep, err := pyselect.NewEpoll(-1, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer ep.Close()
	if err := ep.Register(a, pyselect.EPOLLIN); err != nil {
		t.Fatal(err)
	}
	p := pyselect.Poll()
	p.Register(a, pyselect.POLLIN)
	cases := []struct {
		name string
		max  float64
		f    func()
	}{
		{"epoll.poll(0) idle", 0, func() { ep.Poll(0, -1) }},
		{"select([a], [], [], 0) idle", 1, func() { pyselect.Select([]*socket.Socket{a}, nil, nil, 0) }},
		{"poll.poll(0) idle", 1, func() { p.Poll(0) }},
	}
	for _, c := range cases {
		if n := testing.AllocsPerRun(100, c.f); n > c.max {
			t.Errorf("%s: %v allocations; want at most %v", c.name, n, c.max)
		}
	}
	b.Send([]byte("x"))
	if n := testing.AllocsPerRun(100, func() { ep.Poll(0, -1) }); n > 1 {
		t.Errorf("epoll.poll(0) with an event: %v allocations; want 1 (the result)", n)
	}
}
