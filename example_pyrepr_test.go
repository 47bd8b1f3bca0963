//go:build linux

package socket_test

import (
	"fmt"
	"syscall"
	"time"

	"github.com/pysocket/socket"
)

// PyRepr prints what Python's repr() prints for the values the package
// returns; EPIPE is 32 on every Linux architecture.
func ExamplePyRepr() {
	fmt.Println(socket.PyRepr(socket.InetAddr{Host: "127.0.0.1", Port: 50444}))
	fmt.Println(socket.PyRepr(socket.PyTuple{[]byte("hi\n"), socket.Inet6Addr{Host: "::1", Port: 80}}))
	fmt.Println(socket.PyRepr(socket.AF_INET), socket.PyRepr(socket.SOCK_RAW))
	fmt.Println(socket.PyRepr(socket.NoTimeout), socket.PyRepr(5*time.Second), socket.PyRepr(2500*time.Microsecond))
	fmt.Println(socket.PyRepr(&socket.Error{Op: "send", Err: syscall.EPIPE}))
	fmt.Println(socket.PyRepr(&socket.Error{Op: "getaddrinfo", Err: &socket.GaiError{Code: socket.EAI_NONAME, Msg: "Name or service not known"}}))
	// Output:
	// ('127.0.0.1', 50444)
	// (b'hi\n', ('::1', 80, 0, 0))
	// <AddressFamily.AF_INET: 2> <SocketKind.SOCK_RAW: 3>
	// None 5.0 0.0025
	// BrokenPipeError(32, 'Broken pipe')
	// gaierror(-2, 'Name or service not known')
}

func ExamplePyStr() {
	fmt.Println(socket.PyStr(&socket.Error{Op: "send", Err: syscall.EPIPE}))
	fmt.Println(socket.PyStr(&socket.Error{Op: "getaddrinfo", Err: &socket.GaiError{Code: socket.EAI_NONAME, Msg: "Name or service not known"}}))
	fmt.Println(socket.PyStr(socket.AF_INET))
	// Output:
	// [Errno 32] Broken pipe
	// [Errno -2] Name or service not known
	// 2
}
