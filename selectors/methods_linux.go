//go:build linux

package selectors

import "time"

// The methods of the three selectors: each checks for a nil selector
// (which behaves as a closed one) and runs the shared implementation.

// Register is Python's EpollSelector.register, as [Selector].Register describes (epoll_ctl(2) EPOLL_CTL_ADD).
// A nil *EpollSelector behaves as a closed selector.
func (s *EpollSelector) Register(fileobj FileObject, events EventMask, data any) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opRegister)
	}
	return s.base.Register(fileobj, events, data)
}

// Unregister is Python's EpollSelector.unregister, as [Selector].Unregister describes (epoll_ctl(2) EPOLL_CTL_DEL).
// A nil *EpollSelector behaves as a closed selector.
func (s *EpollSelector) Unregister(fileobj FileObject) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opUnregister)
	}
	return s.base.Unregister(fileobj)
}

// Modify is Python's EpollSelector.modify, as [Selector].Modify describes (epoll_ctl(2) EPOLL_CTL_MOD).
// A nil *EpollSelector behaves as a closed selector.
func (s *EpollSelector) Modify(fileobj FileObject, events EventMask, data any) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opModify)
	}
	return s.base.Modify(fileobj, events, data)
}

// Select is Python's EpollSelector.select, as [Selector].Select describes (epoll_wait(2)).
// A nil *EpollSelector behaves as a closed selector.
func (s *EpollSelector) Select(timeout time.Duration) ([]Ready, error) {
	if s == nil {
		return nil, errClosed(opSelect)
	}
	return s.base.Select(timeout)
}

// GetKey is Python's EpollSelector.get_key, as [Selector].GetKey describes (no system call).
// A nil *EpollSelector behaves as a closed selector.
func (s *EpollSelector) GetKey(fileobj FileObject) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opGetKey)
	}
	return s.base.GetKey(fileobj)
}

// GetMap is Python's EpollSelector.get_map, as [Selector].GetMap describes (no system call).
// A nil *EpollSelector behaves as a closed selector.
func (s *EpollSelector) GetMap() map[int]*SelectorKey {
	if s == nil {
		return nil
	}
	return s.base.GetMap()
}

// Close is Python's EpollSelector.close, as [Selector].Close describes (close(2) of the epoll descriptor).
// A nil *EpollSelector behaves as a closed selector.
func (s *EpollSelector) Close() error {
	if s == nil {
		return nil
	}
	return s.base.Close()
}

// Register is Python's PollSelector.register, as [Selector].Register describes (no system call).
// A nil *PollSelector behaves as a closed selector.
func (s *PollSelector) Register(fileobj FileObject, events EventMask, data any) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opRegister)
	}
	return s.base.Register(fileobj, events, data)
}

// Unregister is Python's PollSelector.unregister, as [Selector].Unregister describes (no system call).
// A nil *PollSelector behaves as a closed selector.
func (s *PollSelector) Unregister(fileobj FileObject) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opUnregister)
	}
	return s.base.Unregister(fileobj)
}

// Modify is Python's PollSelector.modify, as [Selector].Modify describes (no system call).
// A nil *PollSelector behaves as a closed selector.
func (s *PollSelector) Modify(fileobj FileObject, events EventMask, data any) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opModify)
	}
	return s.base.Modify(fileobj, events, data)
}

// Select is Python's PollSelector.select, as [Selector].Select describes (poll(2)).
// A nil *PollSelector behaves as a closed selector.
func (s *PollSelector) Select(timeout time.Duration) ([]Ready, error) {
	if s == nil {
		return nil, errClosed(opSelect)
	}
	return s.base.Select(timeout)
}

// GetKey is Python's PollSelector.get_key, as [Selector].GetKey describes (no system call).
// A nil *PollSelector behaves as a closed selector.
func (s *PollSelector) GetKey(fileobj FileObject) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opGetKey)
	}
	return s.base.GetKey(fileobj)
}

// GetMap is Python's PollSelector.get_map, as [Selector].GetMap describes (no system call).
// A nil *PollSelector behaves as a closed selector.
func (s *PollSelector) GetMap() map[int]*SelectorKey {
	if s == nil {
		return nil
	}
	return s.base.GetMap()
}

// Close is Python's PollSelector.close, as [Selector].Close describes (no system call).
// A nil *PollSelector behaves as a closed selector.
func (s *PollSelector) Close() error {
	if s == nil {
		return nil
	}
	return s.base.Close()
}

// Register is Python's SelectSelector.register, as [Selector].Register describes (no system call).
// A nil *SelectSelector behaves as a closed selector.
func (s *SelectSelector) Register(fileobj FileObject, events EventMask, data any) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opRegister)
	}
	return s.base.Register(fileobj, events, data)
}

// Unregister is Python's SelectSelector.unregister, as [Selector].Unregister describes (no system call).
// A nil *SelectSelector behaves as a closed selector.
func (s *SelectSelector) Unregister(fileobj FileObject) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opUnregister)
	}
	return s.base.Unregister(fileobj)
}

// Modify is Python's SelectSelector.modify, as [Selector].Modify describes (no system call).
// A nil *SelectSelector behaves as a closed selector.
func (s *SelectSelector) Modify(fileobj FileObject, events EventMask, data any) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opModify)
	}
	return s.base.Modify(fileobj, events, data)
}

// Select is Python's SelectSelector.select, as [Selector].Select describes (select(2)).
// A nil *SelectSelector behaves as a closed selector.
func (s *SelectSelector) Select(timeout time.Duration) ([]Ready, error) {
	if s == nil {
		return nil, errClosed(opSelect)
	}
	return s.base.Select(timeout)
}

// GetKey is Python's SelectSelector.get_key, as [Selector].GetKey describes (no system call).
// A nil *SelectSelector behaves as a closed selector.
func (s *SelectSelector) GetKey(fileobj FileObject) (*SelectorKey, error) {
	if s == nil {
		return nil, errClosed(opGetKey)
	}
	return s.base.GetKey(fileobj)
}

// GetMap is Python's SelectSelector.get_map, as [Selector].GetMap describes (no system call).
// A nil *SelectSelector behaves as a closed selector.
func (s *SelectSelector) GetMap() map[int]*SelectorKey {
	if s == nil {
		return nil
	}
	return s.base.GetMap()
}

// Close is Python's SelectSelector.close, as [Selector].Close describes (no system call).
// A nil *SelectSelector behaves as a closed selector.
func (s *SelectSelector) Close() error {
	if s == nil {
		return nil
	}
	return s.base.Close()
}
