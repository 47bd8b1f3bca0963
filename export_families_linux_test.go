//go:build linux

package socket

// PyReprOf gives the external tests the package's Python repr of an
// address, to compare with what CPython prints for the same socket.
func PyReprOf(a Addr) string { return pyRepr(a) }
