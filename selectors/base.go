package selectors

import (
	"reflect"
	"sync"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/pyselect"
)

// backend is what differs between the selectors: how descriptors are
// watched and waited for. Python's subclasses of _BaseSelectorImpl.
type backend interface {
	// add starts watching fd for events.
	add(fd int, events EventMask) error
	// change changes the events of a watched fd (Python's _PollLikeSelector.modify).
	change(fd int, events EventMask) error
	// remove stops watching fd; its errors are dropped, as Python's
	// EpollSelector drops OSError.
	remove(fd int)
	// wait waits and returns the descriptors with events (Python's
	// select() before keys are looked up), with their EVENT_* bits.
	wait(timeout time.Duration, maxev int) ([]pyselect.PollEvent, error)
	// close releases what the backend holds.
	close() error
}

// base is Python's _BaseSelectorImpl: the map of descriptors to keys and
// the logic every selector shares.
type base struct {
	mu       sync.Mutex
	fdToKey  map[int]*SelectorKey
	closed   bool
	b        backend
	reregist bool // modify unregisters and registers again (BaseSelector.modify, as SelectSelector)
}

func newBase(b backend, reregister bool) base {
	return base{fdToKey: make(map[int]*SelectorKey), b: b, reregist: reregister}
}

// isNil reports whether f is nil or an interface holding a nil pointer.
func isNil(f FileObject) bool {
	if f == nil {
		return true
	}
	v := reflect.ValueOf(f)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.Interface, reflect.UnsafePointer:
		return v.IsNil()
	}
	return false
}

// same reports whether a and b are the same file object (Python's is):
// equal comparable values, never a panic for incomparable ones.
func same(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb || !ta.Comparable() {
		return false
	}
	return a == b
}

// equal is Python's == for attached data: == for comparable values, deep
// equality for slices and maps.
func equal(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb {
		return false
	}
	if ta.Comparable() {
		return a == b
	}
	return reflect.DeepEqual(a, b)
}

// lookup is Python's _fileobj_lookup: the descriptor of fileobj, or, when
// it has none any more (a closed socket), the descriptor under which the
// same object is registered. The caller holds mu.
func (s *base) lookup(op string, fileobj FileObject) (int, error) {
	var err error
	if isNil(fileobj) {
		err = valueErr(op, "fileobj", "Invalid file object: %v", fileobj)
	} else if fd := fileobj.Fileno(); fd < 0 {
		err = valueErr(op, "fileobj", "Invalid file descriptor: %d", fd)
	} else {
		return fd, nil
	}
	for _, k := range s.fdToKey {
		if same(k.Fileobj, fileobj) {
			return k.Fd, nil
		}
	}
	return -1, err
}

// Register is Python's register(fileobj, events, data=None): it starts
// watching fileobj for events and returns its new key. Errors: a
// *socket.Error (Op "register") with a *socket.ValueError for events
// outside EVENT_READ|EVENT_WRITE or zero ("Invalid events: 4"), a nil file
// object or a negative descriptor ("Invalid file descriptor: -1"); a
// *KeyError when fileobj's descriptor is registered already; a *RuntimeError
// when the selector is closed; or the backend's errno (epoll_ctl's EPERM for
// a regular file, EBADF for a closed descriptor).
func (s *base) Register(fileobj FileObject, events EventMask, data any) (*SelectorKey, error) {
	if events == 0 || events&^(EVENT_READ|EVENT_WRITE) != 0 {
		return nil, valueErr(opRegister, "events", "Invalid events: %d", int(events))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.b == nil {
		return nil, errClosed(opRegister)
	}
	return s.register(fileobj, events, data)
}

func (s *base) register(fileobj FileObject, events EventMask, data any) (*SelectorKey, error) {
	if events == 0 || events&^(EVENT_READ|EVENT_WRITE) != 0 {
		return nil, valueErr(opRegister, "events", "Invalid events: %d", int(events))
	}
	fd, err := s.lookup(opRegister, fileobj)
	if err != nil {
		return nil, err
	}
	if _, ok := s.fdToKey[fd]; ok {
		return nil, keyErr(opRegister, "%v (FD %d) is already registered", fileobj, fd)
	}
	if err := s.b.add(fd, events); err != nil {
		return nil, err
	}
	k := &SelectorKey{Fileobj: fileobj, Fd: fd, Events: events, Data: data}
	s.fdToKey[fd] = k
	return k, nil
}

// Unregister is Python's unregister(fileobj): it stops watching fileobj and
// returns its key. A file object closed since it was registered can be
// unregistered (it is found by identity). Errors: a *socket.Error (Op
// "unregister") with a *KeyError when fileobj is not registered, or a
// *socket.ValueError for a nil object or a negative descriptor that is not
// registered.
func (s *base) Unregister(fileobj FileObject) (*SelectorKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unregister(fileobj)
}

func (s *base) unregister(fileobj FileObject) (*SelectorKey, error) {
	fd, err := s.lookup(opUnregister, fileobj)
	if err != nil {
		return nil, err
	}
	k, ok := s.fdToKey[fd]
	if !ok || s.b == nil {
		return nil, keyErr(opUnregister, "%v is not registered", fileobj)
	}
	delete(s.fdToKey, fd)
	s.b.remove(fd)
	return k, nil
}

// Modify is Python's modify(fileobj, events, data=None): it changes the
// events or the data of a registered file object and returns its key (a
// new one when anything changed). As in Python, the epoll and poll
// selectors take the new events as they are, and the select selector
// unregisters and registers again, so that bad events leave fileobj
// unregistered there. Errors: a *socket.Error (Op "modify") with a
// *KeyError when fileobj is not registered, a *RuntimeError when the
// selector is closed, or Register's errors.
func (s *base) Modify(fileobj FileObject, events EventMask, data any) (*SelectorKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.b == nil {
		return nil, errClosed(opModify)
	}
	fd, err := s.lookup(opModify, fileobj)
	if err != nil {
		return nil, err
	}
	k, ok := s.fdToKey[fd]
	if !ok {
		return nil, keyErr(opModify, "%v is not registered", fileobj)
	}
	if s.reregist {
		if events != k.Events {
			if _, err := s.unregister(fileobj); err != nil {
				return nil, err
			}
			return s.register(fileobj, events, data)
		}
		if !equal(data, k.Data) {
			k = &SelectorKey{Fileobj: k.Fileobj, Fd: k.Fd, Events: k.Events, Data: data}
			s.fdToKey[fd] = k
		}
		return k, nil
	}
	changed := false
	if events != k.Events {
		if err := s.b.change(fd, events); err != nil {
			delete(s.fdToKey, fd)
			s.b.remove(fd)
			return nil, err
		}
		changed = true
	}
	if changed || !equal(data, k.Data) {
		k = &SelectorKey{Fileobj: k.Fileobj, Fd: k.Fd, Events: events, Data: data}
		s.fdToKey[fd] = k
	}
	return k, nil
}

// Select is Python's select(timeout=None): it waits until some registered
// file objects are ready, or the timeout passes, and returns their keys
// with the ready events. timeout is socket.NoTimeout (None) to wait
// forever, zero or negative to look once, or how long to wait (rounded up
// to a millisecond, as Python does for epoll and poll). It parks the
// goroutine, never an OS thread. Errors: a *socket.Error (Op "select")
// with a *RuntimeError when the selector is closed, or the backend's
// (select's ValueError for a descriptor at or above FD_SETSIZE).
func (s *base) Select(timeout time.Duration) ([]Ready, error) {
	s.mu.Lock()
	if s.closed || s.b == nil {
		s.mu.Unlock()
		return nil, errClosed(opSelect)
	}
	maxev := max(len(s.fdToKey), 1)
	s.mu.Unlock()
	evs, err := s.b.wait(timeout, maxev)
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return nil, nil
	}
	ready := make([]Ready, 0, len(evs))
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range evs {
		if k := s.fdToKey[ev.Fd]; k != nil {
			ready = append(ready, Ready{Key: k, Events: EventMask(ev.Events) & k.Events})
		}
	}
	return ready, nil
}

// GetKey is Python's get_key(fileobj): the key of a registered file
// object. Errors: a *socket.Error (Op "get_key") with a *RuntimeError when
// the selector is closed, a *KeyError when fileobj is not registered, or a
// *socket.ValueError for a nil object or a negative descriptor that is not
// registered.
func (s *base) GetKey(fileobj FileObject) (*SelectorKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.b == nil {
		return nil, errClosed(opGetKey)
	}
	fd, err := s.lookup(opGetKey, fileobj)
	if err != nil {
		return nil, err
	}
	k, ok := s.fdToKey[fd]
	if !ok {
		return nil, keyErr(opGetKey, "%v is not registered", fileobj)
	}
	return k, nil
}

// GetMap is Python's get_map(): the registered keys by descriptor, a copy
// taken at the call, or nil (Python's None) once the selector is closed.
func (s *base) GetMap() map[int]*SelectorKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.b == nil {
		return nil
	}
	m := make(map[int]*SelectorKey, len(s.fdToKey))
	for fd, k := range s.fdToKey {
		m[fd] = k
	}
	return m
}

// Close is Python's close(): it forgets every key and releases the
// selector's resources (the epoll descriptor). Closing twice is not an
// error. Errors: a *socket.Error (Op "close") from closing the epoll
// descriptor.
func (s *base) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.b == nil {
		return nil
	}
	s.closed = true
	clear(s.fdToKey)
	return s.b.close()
}

// pollTimeout is Python's timeout for epoll and poll selectors: None
// waits, zero or negative looks once, anything else is rounded up to a
// millisecond.
func pollTimeout(timeout time.Duration) time.Duration {
	switch {
	case timeout == socket.NoTimeout:
		return -1
	case timeout <= 0:
		return 0
	}
	if r := timeout % time.Millisecond; r != 0 && timeout <= (1<<63-1)-time.Millisecond {
		timeout += time.Millisecond - r
	}
	return timeout
}
