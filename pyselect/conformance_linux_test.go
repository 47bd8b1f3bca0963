//go:build linux

package pyselect_test

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
)

// outcome prints a result or an error as the Python side of
// TestConformanceWithCPython does: the value, or the exception's class
// and its str (ValueError stands for TypeError and OverflowError too).
// Not parallel: the cases close descriptors and look at them after.
func outcome(v any, err error) string {
	if err == nil {
		return fmt.Sprint(v)
	}
	var ke *pyselect.KeyError
	var ve *socket.ValueError
	var errno syscall.Errno
	switch {
	case errors.As(err, &ke):
		return "KeyError " + ke.Error()
	case errors.As(err, &ve):
		return "ValueError " + ve.Msg
	case errors.As(err, &errno):
		return fmt.Sprintf("OSError %d", int(errno))
	}
	return "other " + err.Error()
}

// TestConformanceWithCPython runs each case in CPython's select module and
// here, and compares what both give: results, exception classes, errnos
// and messages. Descriptor 900 is one that neither process has open.
func TestConformanceWithCPython(t *testing.T) {
	closed := func() *pyselect.EpollObject {
		ep, err := pyselect.NewEpoll(-1, 0)
		if err != nil {
			t.Fatal(err)
		}
		ep.Close()
		return ep
	}
	cases := []struct {
		name string
		py   string
		gov  func() (any, error)
	}{
		{"select negative fd", "select.select([-1], [], [], 0)", func() (any, error) {
			_, _, _, err := pyselect.Select([]pyselect.Fd{-1}, nil, nil, 0)
			return nil, err
		}},
		{"select fd past FD_SETSIZE", "select.select([], [2000], [], 0)", func() (any, error) {
			_, _, _, err := pyselect.Select(nil, []pyselect.Fd{2000}, nil, 0)
			return nil, err
		}},
		{"select negative timeout", "select.select([], [], [], -1)", func() (any, error) {
			_, _, _, err := pyselect.Select[pyselect.Fd](nil, nil, nil, -time.Second)
			return nil, err
		}},
		{"select closed fd", "(lambda fd: (os.close(fd), select.select([fd], [], [], 0)))(os.dup(0))", func() (any, error) {
			fd, err := syscall.Dup(0)
			if err != nil {
				return nil, err
			}
			syscall.Close(fd)
			_, _, _, err = pyselect.Select([]pyselect.Fd{pyselect.Fd(fd)}, nil, nil, 0)
			return nil, err
		}},
		{"select nothing", "len(select.select([], [], [], 0)[0])", func() (any, error) {
			r, _, _, err := pyselect.Select[pyselect.Fd](nil, nil, nil, 0)
			return len(r), err
		}},
		{"poll register negative", "select.poll().register(-1)", func() (any, error) {
			return nil, pyselect.Poll().Register(pyselect.Fd(-1))
		}},
		{"poll register mask too big", "select.poll().register(0, 70000)", func() (any, error) {
			return nil, pyselect.Poll().Register(pyselect.Fd(0), 70000)
		}},
		{"poll register mask negative", "select.poll().register(0, -1)", func() (any, error) {
			return nil, pyselect.Poll().Register(pyselect.Fd(0), -1)
		}},
		{"poll unregister unknown", "select.poll().unregister(3)", func() (any, error) {
			return nil, pyselect.Poll().Unregister(pyselect.Fd(3))
		}},
		{"poll modify unknown", "select.poll().modify(3, 1)", func() (any, error) {
			return nil, pyselect.Poll().Modify(pyselect.Fd(3), 1)
		}},
		{"poll closed fd", "(lambda p: (p.register(900), p.poll(0))[1])(select.poll())", func() (any, error) {
			p := pyselect.Poll()
			p.Register(pyselect.Fd(900))
			evs, err := p.Poll(0)
			if err != nil {
				return nil, err
			}
			var s []string
			for _, e := range evs {
				s = append(s, fmt.Sprintf("(%d, %d)", e.Fd, e.Events))
			}
			return "[" + strings.Join(s, ", ") + "]", nil
		}},
		{"epoll sizehint 0", "select.epoll(0)", func() (any, error) {
			_, err := pyselect.NewEpoll(0, 0)
			return nil, err
		}},
		{"epoll sizehint -2", "select.epoll(-2)", func() (any, error) {
			_, err := pyselect.NewEpoll(-2, 0)
			return nil, err
		}},
		{"epoll register closed fd", "select.epoll().register(900)", func() (any, error) {
			ep, _ := pyselect.NewEpoll(-1, 0)
			defer ep.Close()
			return nil, ep.Register(pyselect.Fd(900))
		}},
		{"epoll register negative", "select.epoll().register(-1)", func() (any, error) {
			ep, _ := pyselect.NewEpoll(-1, 0)
			defer ep.Close()
			return nil, ep.Register(pyselect.Fd(-1))
		}},
		{"epoll unregister unknown", "(lambda a: select.epoll().unregister(a[0]))(socket.socketpair())", func() (any, error) {
			a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
			defer a.Close()
			defer b.Close()
			ep, _ := pyselect.NewEpoll(-1, 0)
			defer ep.Close()
			return nil, ep.Unregister(a)
		}},
		{"epoll modify unknown", "(lambda a: select.epoll().modify(a[0], 1))(socket.socketpair())", func() (any, error) {
			a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
			defer a.Close()
			defer b.Close()
			ep, _ := pyselect.NewEpoll(-1, 0)
			defer ep.Close()
			return nil, ep.Modify(a, 1)
		}},
		{"epoll register twice", "(lambda a, e: (e.register(a[0]), e.register(a[0])))(socket.socketpair(), select.epoll())", func() (any, error) {
			a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
			defer a.Close()
			defer b.Close()
			ep, _ := pyselect.NewEpoll(-1, 0)
			defer ep.Close()
			ep.Register(a)
			return nil, ep.Register(a)
		}},
		{"epoll maxevents 0", "select.epoll().poll(0, 0)", func() (any, error) {
			ep, _ := pyselect.NewEpoll(-1, 0)
			defer ep.Close()
			_, err := ep.Poll(0, 0)
			return nil, err
		}},
		{"epoll maxevents -2", "select.epoll().poll(0, -2)", func() (any, error) {
			ep, _ := pyselect.NewEpoll(-1, 0)
			defer ep.Close()
			_, err := ep.Poll(0, -2)
			return nil, err
		}},
		{"closed epoll register", "(lambda e: (e.close(), e.register(0)))(select.epoll())", func() (any, error) {
			return nil, closed().Register(pyselect.Fd(0))
		}},
		{"closed epoll poll", "(lambda e: (e.close(), e.poll(0)))(select.epoll())", func() (any, error) {
			_, err := closed().Poll(0, -1)
			return nil, err
		}},
		{"closed epoll closed", "(lambda e: (e.close(), e.closed)[1])(select.epoll())", func() (any, error) {
			if closed().Closed() {
				return "True", nil
			}
			return "False", nil
		}},
		{"constants", "[select.POLLIN, select.POLLPRI, select.POLLOUT, select.POLLERR, select.POLLHUP, select.POLLNVAL, select.POLLRDNORM, select.POLLRDBAND, select.POLLWRNORM, select.POLLWRBAND, select.POLLMSG, select.POLLRDHUP, select.EPOLLIN, select.EPOLLOUT, select.EPOLLPRI, select.EPOLLERR, select.EPOLLHUP, select.EPOLLET, select.EPOLLONESHOT, select.EPOLLEXCLUSIVE, select.EPOLLRDHUP, select.EPOLLRDNORM, select.EPOLLRDBAND, select.EPOLLWRNORM, select.EPOLLWRBAND, select.EPOLLMSG, select.EPOLL_CLOEXEC, select.PIPE_BUF]", func() (any, error) {
			v := []int64{pyselect.POLLIN, pyselect.POLLPRI, pyselect.POLLOUT, pyselect.POLLERR, pyselect.POLLHUP, pyselect.POLLNVAL, pyselect.POLLRDNORM, pyselect.POLLRDBAND, pyselect.POLLWRNORM, pyselect.POLLWRBAND, pyselect.POLLMSG, pyselect.POLLRDHUP, pyselect.EPOLLIN, pyselect.EPOLLOUT, pyselect.EPOLLPRI, pyselect.EPOLLERR, pyselect.EPOLLHUP, int64(pyselect.EPOLLET) & 0xffffffff, pyselect.EPOLLONESHOT, pyselect.EPOLLEXCLUSIVE, pyselect.EPOLLRDHUP, pyselect.EPOLLRDNORM, pyselect.EPOLLRDBAND, pyselect.EPOLLWRNORM, pyselect.EPOLLWRBAND, pyselect.EPOLLMSG, pyselect.EPOLL_CLOEXEC, pyselect.PIPE_BUF}
			s := make([]string, len(v))
			for i, x := range v {
				s[i] = fmt.Sprint(x)
			}
			return "[" + strings.Join(s, ", ") + "]", nil
		}},
	}
	var prog strings.Builder
	prog.WriteString(`import os, select, socket
def run(f):
    try:
        print(f())
    except KeyError as e:
        print("KeyError", e)
    except (ValueError, TypeError, OverflowError) as e:
        print("ValueError", e)
    except OSError as e:
        print("OSError", e.errno)
`)
	for _, c := range cases {
		fmt.Fprintf(&prog, "run(lambda: %s)\n", c.py)
	}
	lines := strings.Split(strings.TrimSuffix(python(t, prog.String()), "\n"), "\n")
	if len(lines) != len(cases) {
		t.Fatalf("python printed %d lines for %d cases:\n%s", len(lines), len(cases), strings.Join(lines, "\n"))
	}
	for i, c := range cases {
		v, err := c.gov()
		if v == nil && err == nil {
			v = "None"
		}
		if got, want := outcome(v, err), lines[i]; got != want {
			t.Errorf("%s: Go %q, CPython %q", c.name, got, want)
		} else {
			t.Logf("%s: %s", c.name, got)
		}
	}
}
