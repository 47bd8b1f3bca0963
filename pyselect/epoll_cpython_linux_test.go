//go:build linux

package pyselect_test

import (
	"errors"
	"net"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
)

// connectedPair is test_epoll's _connected_pair: a non-blocking client
// whose connect says EINPROGRESS, and the accepted server side.
func connectedPair(t *testing.T) (client, server *socket.Socket) {
	t.Helper()
	l, err := socket.CreateServer("127.0.0.1", 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	la, _ := l.Getsockname()
	client, err = socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	client.Setblocking(false)
	if err := client.Connect(la); !errors.Is(err, syscall.EINPROGRESS) {
		t.Fatalf("non-blocking connect: %v; want EINPROGRESS", err)
	}
	server, _, err = l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Close() })
	return client, server
}

func mustEpoll(t *testing.T, sizehint int) *pyselect.EpollObject {
	t.Helper()
	ep, err := pyselect.NewEpoll(sizehint, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ep.Close() })
	return ep
}

func sortEvents(evs []pyselect.PollEvent) []pyselect.PollEvent {
	slices.SortFunc(evs, func(a, b pyselect.PollEvent) int { return a.Fd - b.Fd })
	return evs
}

// TestCPythonEpoll ports CPython 3.11's Lib/test/test_epoll.py. The
// TypeErrors of test_badcreate and test_add are compile errors in Go, and
// test_context_manager is test_create's Close.
func TestCPythonEpoll(t *testing.T) {
	t.Run("TestEPoll/test_create", func(t *testing.T) {
		t.Parallel()
		ep, err := pyselect.NewEpoll(16, 0)
		if err != nil {
			t.Fatal(err)
		}
		if ep.Fileno() <= 0 || ep.Closed() {
			t.Errorf("fileno %d, closed %v", ep.Fileno(), ep.Closed())
		}
		ep.Close()
		if !ep.Closed() || ep.Fileno() != -1 {
			t.Errorf("after close: fileno %d, closed %v", ep.Fileno(), ep.Closed())
		}
		for _, flags := range []int{pyselect.EPOLL_CLOEXEC, 0} {
			ep, err := pyselect.NewEpoll(-1, flags)
			if err != nil {
				t.Fatal(err)
			}
			ep.Close()
		}
	})
	t.Run("TestEPoll/test_badcreate", func(t *testing.T) {
		t.Parallel()
		for _, c := range []struct{ sizehint, flags int }{{0, 0}, {-2, 0}} {
			if _, err := pyselect.NewEpoll(c.sizehint, c.flags); !errors.Is(err, socket.ErrInvalid) {
				t.Errorf("epoll(%d, %d): %v; want ValueError", c.sizehint, c.flags, err)
			}
		}
		if _, err := pyselect.NewEpoll(-1, 12356); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("epoll(flags=12356): %v; want OSError (EINVAL)", err)
		}
	})
	t.Run("TestEPoll/test_add", func(t *testing.T) {
		t.Parallel()
		server, client := connectedPair(t)
		ep := mustEpoll(t, 2)
		for _, fo := range []pyselect.FileObject{pyselect.Fd(server.Fileno()), pyselect.Fd(client.Fileno())} {
			if err := ep.Register(fo, pyselect.EPOLLIN|pyselect.EPOLLOUT); err != nil {
				t.Fatal(err)
			}
		}
		ep = mustEpoll(t, 2)
		for _, fo := range []pyselect.FileObject{server, client} {
			if err := ep.Register(fo, pyselect.EPOLLIN|pyselect.EPOLLOUT); err != nil {
				t.Fatal(err)
			}
		}
		ep = mustEpoll(t, 2)
		var nilSock *socket.Socket
		if err := ep.Register(nilSock, pyselect.EPOLLIN); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("register(nil): %v", err)
		}
		if err := ep.Register(nil, pyselect.EPOLLIN); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("register(None): %v", err)
		}
		if err := ep.Register(pyselect.Fd(-1), pyselect.EPOLLIN); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("register(-1): %v", err)
		}
		if err := ep.Register(pyselect.Fd(1<<20), pyselect.EPOLLIN); !errors.Is(err, syscall.EBADF) {
			t.Errorf("register(1<<20): %v; want EBADF", err)
		}
		ep.Register(server, pyselect.EPOLLIN|pyselect.EPOLLOUT)
		if err := ep.Register(server, pyselect.EPOLLIN|pyselect.EPOLLOUT); !errors.Is(err, syscall.EEXIST) {
			t.Errorf("register twice: %v; want EEXIST", err)
		}
	})
	t.Run("TestEPoll/test_fromfd", func(t *testing.T) {
		// Python's fromfd shares the descriptor; here EpollFromfd owns
		// it, so the test gives it a duplicate.
		t.Parallel()
		server, client := connectedPair(t)
		ep := mustEpoll(t, 2)
		dup, err := unix.FcntlInt(uintptr(ep.Fileno()), unix.F_DUPFD_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		ep2, err := pyselect.EpollFromfd(dup)
		if err != nil {
			t.Fatal(err)
		}
		ep2.Register(pyselect.Fd(server.Fileno()), pyselect.EPOLLIN|pyselect.EPOLLOUT)
		ep2.Register(pyselect.Fd(client.Fileno()), pyselect.EPOLLIN|pyselect.EPOLLOUT)
		events, err := ep.Poll(time.Second, 4)
		events2, err2 := ep2.Poll(900*time.Millisecond, 4)
		if len(events) != 2 || len(events2) != 2 || err != nil || err2 != nil {
			t.Errorf("poll: %v %v, %v %v; want two events each", events, err, events2, err2)
		}
		ep2.Close()
		if _, err := ep2.Poll(time.Second, 4); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("poll after close: %v; want ValueError", err)
		}
	})
	t.Run("TestEPoll/test_control_and_wait", func(t *testing.T) {
		t.Parallel()
		client, server := connectedPair(t)
		ep := mustEpoll(t, 16)
		ep.Register(pyselect.Fd(server.Fileno()), pyselect.EPOLLIN|pyselect.EPOLLOUT|pyselect.EPOLLET)
		ep.Register(pyselect.Fd(client.Fileno()), pyselect.EPOLLIN|pyselect.EPOLLOUT|pyselect.EPOLLET)
		events, err := ep.Poll(time.Second, 4)
		want := sortEvents([]pyselect.PollEvent{{client.Fileno(), pyselect.EPOLLOUT}, {server.Fileno(), pyselect.EPOLLOUT}})
		if err != nil || !slices.Equal(sortEvents(events), want) {
			t.Errorf("EPOLLOUT: %v %v; want %v", events, err, want)
		}
		if events, err := ep.Poll(100*time.Millisecond, 4); err != nil || len(events) != 0 {
			t.Errorf("no event: %v %v", events, err)
		}
		client.Sendall([]byte("Hello!"))
		server.Sendall([]byte("world!!!"))
		// Edge-triggered: the data that is sent is one edge each. Wait
		// until both sides saw theirs.
		var got []pyselect.PollEvent
		for len(got) < 2 {
			events, err := ep.Poll(time.Second, 4)
			if err != nil || len(events) == 0 {
				t.Fatalf("poll: %v %v; have %v", events, err, got)
			}
			got = append(got, events...)
		}
		want = sortEvents([]pyselect.PollEvent{{client.Fileno(), pyselect.EPOLLIN | pyselect.EPOLLOUT}, {server.Fileno(), pyselect.EPOLLIN | pyselect.EPOLLOUT}})
		if !slices.Equal(sortEvents(got), want) {
			t.Errorf("EPOLLIN|EPOLLOUT: %v; want %v", got, want)
		}
		ep.Unregister(pyselect.Fd(client.Fileno()))
		ep.Modify(pyselect.Fd(server.Fileno()), pyselect.EPOLLOUT)
		events, err = ep.Poll(time.Second, 4)
		want = []pyselect.PollEvent{{server.Fileno(), pyselect.EPOLLOUT}}
		if err != nil || !slices.Equal(events, want) {
			t.Errorf("after modify: %v %v; want %v", events, err, want)
		}
	})
	t.Run("TestEPoll/test_errors", func(t *testing.T) {
		t.Parallel()
		if _, err := pyselect.NewEpoll(-2, 0); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("epoll(-2): %v", err)
		}
		ep := mustEpoll(t, -1)
		if err := ep.Register(pyselect.Fd(-1), pyselect.EPOLLIN); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("register(-1): %v", err)
		}
	})
	t.Run("TestEPoll/test_unregister_closed", func(t *testing.T) {
		// Not parallel: the closed descriptor's number must stay unused.
		server, _ := connectedPair(t)
		fd := server.Fileno()
		ep := mustEpoll(t, 16)
		ep.Register(server)
		if events, err := ep.Poll(time.Second, 4); err != nil || len(events) != 1 {
			t.Errorf("poll: %v %v", events, err)
		}
		server.Close()
		if err := ep.Unregister(pyselect.Fd(fd)); !errors.Is(err, syscall.EBADF) {
			t.Errorf("unregister of a closed descriptor: %v; want EBADF", err)
		}
	})
	t.Run("TestEPoll/test_close", func(t *testing.T) {
		t.Parallel()
		fd, err := syscall.Open(filepath.Join(t.TempDir(), "f"), syscall.O_CREAT|syscall.O_RDONLY|syscall.O_CLOEXEC, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer syscall.Close(fd)
		ep, err := pyselect.NewEpoll(-1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if ep.Closed() {
			t.Error("closed before Close")
		}
		if err := ep.Close(); err != nil || !ep.Closed() || ep.Fileno() != -1 {
			t.Errorf("close: %v, closed %v, fileno %d", err, ep.Closed(), ep.Fileno())
		}
		if err := ep.Close(); err != nil {
			t.Errorf("second close: %v", err)
		}
		_, perr := ep.Poll(time.Second, -1)
		for name, err := range map[string]error{
			"modify":     ep.Modify(pyselect.Fd(fd), pyselect.EPOLLIN),
			"poll":       perr,
			"register":   ep.Register(pyselect.Fd(fd), pyselect.EPOLLIN),
			"unregister": ep.Unregister(pyselect.Fd(fd)),
		} {
			var ve *socket.ValueError
			if !errors.As(err, &ve) || ve.Msg != "I/O operation on closed epoll object" {
				t.Errorf("%s after close: %v; want ValueError('I/O operation on closed epoll object')", name, err)
			}
		}
	})
	t.Run("TestEPoll/test_fd_non_inheritable", func(t *testing.T) {
		t.Parallel()
		ep := mustEpoll(t, -1)
		flags, err := unix.FcntlInt(uintptr(ep.Fileno()), unix.F_GETFD, 0)
		if err != nil || flags&unix.FD_CLOEXEC == 0 {
			t.Errorf("F_GETFD: %#x %v; want FD_CLOEXEC", flags, err)
		}
	})
}

// TestEpollCloseWakesPoll closes an epoll object under a blocked Poll: the
// Poll returns an error that matches net.ErrClosed.
func TestEpollCloseWakesPoll(t *testing.T) {
	ep, err := pyselect.NewEpoll(-1, 0)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := pair(t)
	ep.Register(a, pyselect.EPOLLIN)
	done := make(chan error)
	go func() {
		_, err := ep.Poll(socket.NoTimeout, -1)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	ep.Close()
	select {
	case err := <-done:
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("poll under close: %v; want net.ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("poll did not return after close")
	}
}
