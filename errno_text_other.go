//go:build !linux

package socket

import "syscall"

// errnoTexts is empty where the C library is not glibc: errnoText then
// takes Go's text.
var errnoTexts = [...]struct {
	errno syscall.Errno
	name  string
	text  string
}{}
