package socket

import (
	"net"
	"strings"
	"syscall"
)

// The operation names of the interface functions.
const (
	opIfNameindex   = "if_nameindex"
	opIfNametoindex = "if_nametoindex"
	opIfIndextoname = "if_indextoname"
)

// NameIndex is one network interface, as an item of Python's
// socket.if_nameindex list: (index, name).
type NameIndex struct {
	Index int
	Name  string
}

// IfNameindex lists the network interfaces, as Python's socket.if_nameindex
// (if_nameindex(3)), in the kernel's order. Errors: *Error with the cause
// from the interface query.
func IfNameindex() ([]NameIndex, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, &Error{Op: opIfNameindex, Err: err}
	}
	out := make([]NameIndex, 0, len(ifs))
	for _, ifi := range ifs {
		out = append(out, NameIndex{Index: ifi.Index, Name: ifi.Name})
	}
	return out, nil
}

// IfNametoindex returns the index of the named network interface, as
// Python's socket.if_nametoindex (if_nametoindex(3)). Errors: *Error whose
// cause matches ErrNotFound ("no interface with this name"), or a
// *ValueError for an embedded NUL.
func IfNametoindex(name string) (int, error) {
	if strings.IndexByte(name, 0) >= 0 {
		return 0, valueErr(opIfNametoindex, nil, "if_name", "embedded null byte")
	}
	if name != "" {
		if ifi, err := net.InterfaceByName(name); err == nil {
			return ifi.Index, nil
		}
	}
	return 0, &Error{Op: opIfNametoindex, Err: &notFound{"no interface with this name"}}
}

// IfIndextoname returns the name of the network interface with the index,
// as Python's socket.if_indextoname (if_indextoname(3)). Errors: *Error with
// ENXIO for 0 or an unknown index, as Python raises, or a *ValueError for a
// negative index (Python's OverflowError). As in Python, an index over 32
// bits is cut to its low 32 bits.
func IfIndextoname(index int) (string, error) {
	if index < 0 {
		return "", valueErr(opIfIndextoname, nil, "if_index", "can't convert negative value to unsigned int")
	}
	if idx := uint32(uint64(index)); idx != 0 {
		if ifi, err := net.InterfaceByIndex(int(idx)); err == nil {
			return ifi.Name, nil
		}
	}
	return "", &Error{Op: opIfIndextoname, Err: syscall.ENXIO}
}
