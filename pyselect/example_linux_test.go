//go:build linux

package pyselect_test

import (
	"fmt"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
)

// Select waits for the sockets of its lists to be ready, as Python's
// select.select does.
func ExampleSelect() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		panic(err)
	}
	defer a.Close()
	defer b.Close()

	b.Send([]byte("ping"))
	r, w, x, err := pyselect.Select([]*socket.Socket{a, b}, []*socket.Socket{a}, nil, 2*time.Second)
	fmt.Println(len(r), r[0] == a, len(w), len(x), err)
	// Output: 1 true 1 0 <nil>
}

// A poll object reports (fd, events) pairs; a closed descriptor is POLLNVAL.
func ExamplePoll() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		panic(err)
	}
	defer a.Close()
	p := pyselect.Poll()
	p.Register(a, pyselect.POLLIN)
	b.Close() // the peer hangs up: a is readable (EOF) and POLLHUP
	events, err := p.Poll(socket.NoTimeout)
	fmt.Println(len(events), events[0].Fd == a.Fileno(), events[0].Events == pyselect.POLLIN|pyselect.POLLHUP, err)
	// Output: 1 true true <nil>
}

// An epoll object waits in the runtime poller; a zero timeout only looks.
func ExampleNewEpoll() {
	ep, err := pyselect.NewEpoll(-1, 0)
	if err != nil {
		panic(err)
	}
	defer ep.Close()
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	ep.Register(a, pyselect.EPOLLIN)
	events, _ := ep.Poll(0, -1)
	fmt.Println(events)
	b.Send([]byte("x"))
	events, _ = ep.Poll(time.Second, -1)
	fmt.Println(len(events), events[0].Events == pyselect.EPOLLIN)
	// Output:
	// []
	// 1 true
}
