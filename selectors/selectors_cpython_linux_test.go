//go:build linux

package selectors_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/selectors"
)

// selectorKinds are test_selectors' TestCase classes that Linux has.
var selectorKinds = []struct {
	name     string
	new      func() (selectors.Selector, error)
	scalable bool
}{
	{"DefaultSelectorTestCase", selectors.NewDefaultSelector, false},
	{"SelectSelectorTestCase", selectors.NewSelectSelector, false},
	{"PollSelectorTestCase", selectors.NewPollSelector, true},
	{"EpollSelectorTestCase", selectors.NewEpollSelector, true},
}

func newSel(t *testing.T, f func() (selectors.Selector, error)) selectors.Selector {
	t.Helper()
	s, err := f()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func isKeyError(err error) bool {
	var ke *selectors.KeyError
	return errors.As(err, &ke)
}

func findReadyMatching(ready []selectors.Ready, flag selectors.EventMask) []selectors.FileObject {
	var match []selectors.FileObject
	for _, r := range ready {
		if r.Events&flag != 0 {
			match = append(match, r.Key.Fileobj)
		}
	}
	return match
}

// TestCPythonSelectors ports CPython 3.11's Lib/test/test_selectors.py for
// the selectors Linux has. Not ported: test_modify_unregister (it mocks
// the selector class), test_context_manager (Close is the context
// manager's exit; test_close covers it), test_select_interrupt_* (signals
// do not interrupt a goroutine's wait), and the read-only mapping check of
// test_get_map (GetMap returns a copy).
func TestCPythonSelectors(t *testing.T) {
	// The kinds one after the other: their cases that close descriptors
	// and look at the numbers after (or dup2 onto them) must not meet
	// another kind's parallel cases.
	for _, k := range selectorKinds {
		t.Run(k.name, func(t *testing.T) {
			cpythonCases(t, k.new, k.scalable, k.name == "EpollSelectorTestCase")
		})
	}
}

func cpythonCases(t *testing.T, newSelector func() (selectors.Selector, error), scalable, epoll bool) {
	t.Run("test_register", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		rd, _ := pair(t)
		key, err := s.Register(rd, selectors.EVENT_READ, "data")
		if err != nil {
			t.Fatal(err)
		}
		if key.Fileobj != rd || key.Fd != rd.Fileno() || key.Events != selectors.EVENT_READ || key.Data != "data" {
			t.Errorf("key %+v", key)
		}
		if _, err := s.Register(selectors.Fd(0), 999999, nil); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("unknown event: %v; want ValueError", err)
		}
		if _, err := s.Register(selectors.Fd(-10), selectors.EVENT_READ, nil); !errors.Is(err, socket.ErrInvalid) {
			t.Errorf("invalid fd: %v; want ValueError", err)
		}
		if _, err := s.Register(rd, selectors.EVENT_READ, nil); !isKeyError(err) {
			t.Errorf("register twice: %v; want KeyError", err)
		}
		if _, err := s.Register(selectors.Fd(rd.Fileno()), selectors.EVENT_READ, nil); !isKeyError(err) {
			t.Errorf("same fd, other object: %v; want KeyError", err)
		}
	})
	t.Run("test_unregister", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		rd, _ := pair(t)
		s.Register(rd, selectors.EVENT_READ, nil)
		if _, err := s.Unregister(rd); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Unregister(selectors.Fd(999999)); !isKeyError(err) {
			t.Errorf("unknown: %v; want KeyError", err)
		}
		if _, err := s.Unregister(rd); !isKeyError(err) {
			t.Errorf("twice: %v; want KeyError", err)
		}
	})
	t.Run("test_unregister_after_fd_close", func(t *testing.T) {
		s := newSel(t, newSelector)
		rd, wr := pair(t)
		r, w := rd.Fileno(), wr.Fileno()
		s.Register(selectors.Fd(r), selectors.EVENT_READ, nil)
		s.Register(selectors.Fd(w), selectors.EVENT_WRITE, nil)
		rd.Close()
		wr.Close()
		for _, fd := range []int{r, w} {
			if _, err := s.Unregister(selectors.Fd(fd)); err != nil {
				t.Error(err)
			}
		}
	})
	t.Run("test_unregister_after_fd_close_and_reuse", func(t *testing.T) {
		s := newSel(t, newSelector)
		rd, wr := pair(t)
		r, w := rd.Fileno(), wr.Fileno()
		s.Register(selectors.Fd(r), selectors.EVENT_READ, nil)
		s.Register(selectors.Fd(w), selectors.EVENT_WRITE, nil)
		rd2, wr2 := pair(t)
		rd.Close()
		wr.Close()
		if err := syscall.Dup3(rd2.Fileno(), r, syscall.O_CLOEXEC); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Dup3(wr2.Fileno(), w, syscall.O_CLOEXEC); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { syscall.Close(r); syscall.Close(w) })
		for _, fd := range []int{r, w} {
			if _, err := s.Unregister(selectors.Fd(fd)); err != nil {
				t.Error(err)
			}
		}
	})
	t.Run("test_unregister_after_socket_close", func(t *testing.T) {
		s := newSel(t, newSelector)
		rd, wr := pair(t)
		s.Register(rd, selectors.EVENT_READ, nil)
		s.Register(wr, selectors.EVENT_WRITE, nil)
		rd.Close()
		wr.Close()
		for _, so := range []*socket.Socket{rd, wr} {
			if _, err := s.Unregister(so); err != nil {
				t.Error(err)
			}
		}
	})
	t.Run("test_modify", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		rd, _ := pair(t)
		key, _ := s.Register(rd, selectors.EVENT_READ, nil)
		key2, err := s.Modify(rd, selectors.EVENT_WRITE, nil)
		if err != nil || key.Events == key2.Events {
			t.Fatalf("modify events: %+v %v", key2, err)
		}
		if k, _ := s.GetKey(rd); k != key2 {
			t.Errorf("GetKey %+v; want %+v", k, key2)
		}
		s.Unregister(rd)
		d1, d2 := new(int), new(int)
		key, _ = s.Register(rd, selectors.EVENT_READ, d1)
		key2, err = s.Modify(rd, selectors.EVENT_READ, d2)
		if err != nil || key.Events != key2.Events || key2.Data != d2 {
			t.Errorf("modify data: %+v %v", key2, err)
		}
		if k, _ := s.GetKey(rd); k != key2 {
			t.Errorf("GetKey %+v; want %+v", k, key2)
		}
		if _, err := s.Modify(selectors.Fd(999999), selectors.EVENT_READ, nil); !isKeyError(err) {
			t.Errorf("modify unknown: %v; want KeyError", err)
		}
		// The shortcut: only the data changes, and the key stays registered.
		d3 := new(int)
		key3, err := s.Modify(rd, selectors.EVENT_READ, d3)
		if err != nil || key3.Data != d3 || key3.Fd != key2.Fd {
			t.Errorf("modify data again: %+v %v", key3, err)
		}
		if k, err := s.GetKey(rd); err != nil || k != key3 {
			t.Errorf("GetKey after shortcut: %+v %v", k, err)
		}
		// Nothing changes: the same key comes back.
		if k, err := s.Modify(rd, selectors.EVENT_READ, d3); err != nil || k != key3 {
			t.Errorf("modify without change: %+v %v; want the same key", k, err)
		}
	})
	t.Run("test_close", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		rd, wr := pair(t)
		s.Register(rd, selectors.EVENT_READ, nil)
		s.Register(wr, selectors.EVENT_WRITE, nil)
		mapping := s.GetMap()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		for _, so := range []*socket.Socket{rd, wr} {
			var re *selectors.RuntimeError
			if _, err := s.GetKey(so); !errors.As(err, &re) {
				t.Errorf("GetKey after close: %v; want RuntimeError", err)
			}
		}
		if m := s.GetMap(); m != nil {
			t.Errorf("GetMap after close: %v; want nil", m)
		}
		if len(mapping) != 2 {
			t.Errorf("the map taken before Close has %d keys; want 2", len(mapping))
		}
		if err := s.Close(); err != nil {
			t.Errorf("second close: %v", err)
		}
	})
	t.Run("test_get_key", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		rd, _ := pair(t)
		key, _ := s.Register(rd, selectors.EVENT_READ, "data")
		if k, err := s.GetKey(rd); err != nil || k != key {
			t.Errorf("GetKey: %+v %v", k, err)
		}
		if _, err := s.GetKey(selectors.Fd(999999)); !isKeyError(err) {
			t.Errorf("unknown: %v; want KeyError", err)
		}
	})
	t.Run("test_get_map", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		rd, _ := pair(t)
		if keys := s.GetMap(); keys == nil || len(keys) != 0 {
			t.Errorf("empty map: %v", keys)
		}
		key, _ := s.Register(rd, selectors.EVENT_READ, "data")
		keys := s.GetMap()
		if len(keys) != 1 || keys[rd.Fileno()] != key {
			t.Errorf("map %v; want {%d: %v}", keys, rd.Fileno(), key)
		}
		if _, ok := keys[999999]; ok {
			t.Error("unknown descriptor in the map")
		}
	})
	t.Run("test_select", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		rd, wr := pair(t)
		s.Register(rd, selectors.EVENT_READ, nil)
		wrKey, _ := s.Register(wr, selectors.EVENT_WRITE, nil)
		result, err := s.Select(socket.NoTimeout)
		if err != nil {
			t.Fatal(err)
		}
		want := []selectors.Ready{{Key: wrKey, Events: selectors.EVENT_WRITE}}
		if !slices.Equal(result, want) {
			t.Errorf("select: %v; want %v", result, want)
		}
	})
	t.Run("test_select_read_write", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		sock1, sock2 := pair(t)
		sock2.Send([]byte("foo"))
		myKey, _ := s.Register(sock1, selectors.EVENT_READ|selectors.EVENT_WRITE, nil)
		result, err := s.Select(socket.NoTimeout)
		if err != nil || len(result) > 2 {
			t.Fatalf("select: %v %v", result, err)
		}
		var seenRead, seenWrite bool
		for _, r := range result {
			if r.Key != myKey || r.Events&^(selectors.EVENT_READ|selectors.EVENT_WRITE) != 0 {
				t.Errorf("entry %v", r)
			}
			if r.Events&selectors.EVENT_READ != 0 {
				seenRead = true
			}
			if r.Events&selectors.EVENT_WRITE != 0 {
				seenWrite = true
			}
		}
		if !seenRead || !seenWrite {
			t.Errorf("read %v write %v; want both", seenRead, seenWrite)
		}
	})
	t.Run("test_fileno", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		if f, ok := s.(interface{ Fileno() int }); ok && f.Fileno() < 0 {
			t.Errorf("fileno %d", f.Fileno())
		}
	})
	t.Run("test_selector", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		const numSockets = 12
		msg := []byte(" This is a test.")
		r2w := map[selectors.FileObject]*socket.Socket{}
		w2r := map[selectors.FileObject]*socket.Socket{}
		var writers []*socket.Socket
		for range numSockets {
			rd, wr := pair(t)
			s.Register(rd, selectors.EVENT_READ, nil)
			s.Register(wr, selectors.EVENT_WRITE, nil)
			writers = append(writers, wr)
			r2w[rd], w2r[wr] = wr, rd
		}
		var bufs [][]byte
		for len(writers) > 0 {
			ready, err := s.Select(socket.NoTimeout)
			if err != nil {
				t.Fatal(err)
			}
			readyWriters := findReadyMatching(ready, selectors.EVENT_WRITE)
			if len(readyWriters) == 0 {
				t.Fatal("no sockets ready for writing")
			}
			wr := readyWriters[rand.IntN(len(readyWriters))].(*socket.Socket)
			wr.Send(msg)
			var readyReaders []selectors.FileObject
			for range 10 {
				ready, err = s.Select(socket.NoTimeout)
				if err != nil {
					t.Fatal(err)
				}
				if readyReaders = findReadyMatching(ready, selectors.EVENT_READ); len(readyReaders) > 0 {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if len(readyReaders) != 1 || readyReaders[0] != w2r[wr] {
				t.Fatalf("ready readers %v; want [%v]", readyReaders, w2r[wr])
			}
			rd := readyReaders[0].(*socket.Socket)
			buf, err := rd.Recv(len(msg))
			if err != nil || len(buf) != len(msg) {
				t.Fatalf("recv %q %v", buf, err)
			}
			bufs = append(bufs, buf)
			s.Unregister(r2w[rd])
			s.Unregister(rd)
			writers = slices.DeleteFunc(writers, func(w *socket.Socket) bool { return w == r2w[rd] })
		}
		if len(bufs) != numSockets {
			t.Errorf("%d messages", len(bufs))
		}
	})
	t.Run("test_empty_select", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		if r, err := s.Select(0); err != nil || len(r) != 0 {
			t.Errorf("select(0): %v %v", r, err)
		}
	})
	t.Run("test_timeout", func(t *testing.T) {
		t.Parallel()
		s := newSel(t, newSelector)
		rd, wr := pair(t)
		s.Register(wr, selectors.EVENT_WRITE, nil)
		for _, timeout := range []time.Duration{0, -time.Second} {
			if r, err := s.Select(timeout); err != nil || len(r) != 1 {
				t.Errorf("select(%v) with a writer: %v %v", timeout, r, err)
			}
		}
		s.Unregister(wr)
		s.Register(rd, selectors.EVENT_READ, nil)
		start := time.Now()
		for _, timeout := range []time.Duration{0, -time.Second} {
			if r, err := s.Select(timeout); err != nil || len(r) != 0 {
				t.Errorf("select(%v) with an idle reader: %v %v", timeout, r, err)
			}
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("select(0) took %v", d)
		}
		start = time.Now()
		if r, err := s.Select(time.Second); err != nil || len(r) != 0 {
			t.Errorf("select(1s): %v %v", r, err)
		}
		if d := time.Since(start); d < 800*time.Millisecond {
			t.Errorf("select(1s) returned after %v", d)
		}
	})
	if scalable {
		t.Run("test_above_fd_setsize", func(t *testing.T) {
			if testing.Short() {
				t.Skip("opens 2,048 descriptors; run without -short")
			}
			s := newSel(t, newSelector)
			const numFds = 2048
			for range numFds / 2 {
				rd, wr := pair(t)
				if _, err := s.Register(rd, selectors.EVENT_READ, nil); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Register(wr, selectors.EVENT_WRITE, nil); err != nil {
					t.Fatal(err)
				}
			}
			fds, err := s.Select(socket.NoTimeout)
			if err != nil || len(fds) != numFds/2 {
				t.Errorf("select: %d ready, %v; want %d", len(fds), err, numFds/2)
			}
		})
	}
	if !epoll {
		return
	}
	// EpollSelectorTestCase's own case: epoll(7) alone refuses regular files.
	t.Run("test_register_file", func(t *testing.T) {
		s := newSel(t, newSelector)
		f, err := os.Create(filepath.Join(t.TempDir(), "f"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rc, _ := f.SyscallConn()
		var fd selectors.Fd
		rc.Control(func(u uintptr) { fd = selectors.Fd(u) })
		if _, err := s.Register(fd, selectors.EVENT_READ, nil); !errors.Is(err, syscall.EPERM) {
			t.Errorf("register of a regular file: %v; want EPERM", err)
		}
		if _, err := s.GetKey(fd); !isKeyError(err) {
			t.Errorf("GetKey after the failed register: %v; want KeyError", err)
		}
	})
}
