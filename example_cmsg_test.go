//go:build linux

package socket_test

import (
	"fmt"
	"os"

	"github.com/pysocket/socket"
)

// Pass the write end of a pipe to the other end of a socketpair, which
// writes through the descriptor it received.
func ExampleSendFds() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	defer b.Close()
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	if _, err := socket.SendFds(a, [][]byte{[]byte("take this")}, []int{int(w.Fd())}, nil); err != nil {
		fmt.Println(err)
		return
	}
	w.Close()

	data, fds, _, _, err := socket.RecvFds(b, 100, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	f := os.NewFile(uintptr(fds[0]), "received")
	f.WriteString("written through a received descriptor")
	f.Close()

	buf := make([]byte, 100)
	n, _ := r.Read(buf)
	fmt.Printf("%s: %s\n", data, buf[:n])
	// Output: take this: written through a received descriptor
}

// Read lines from a socket through a buffered File, as Python's
// sock.makefile('rb').readline().
func ExampleSocket_Makefile() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	defer b.Close()
	b.Sendall([]byte("first line\nsecond line\n"))

	f, err := a.Makefile("rb")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	for i := 0; i < 2; i++ {
		line, err := f.Readline()
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%q\n", line)
	}
	// Output:
	// "first line\n"
	// "second line\n"
}
