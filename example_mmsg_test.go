//go:build linux

package socket_test

import (
	"encoding/binary"
	"fmt"

	"github.com/pysocket/socket"
)

// Send three datagrams in one sendmmsg(2) and receive them in one
// recvmmsg(2).
func ExampleSocket_Sendmmsg() {
	r, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer r.Close()
	w, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer w.Close()
	r.Bind(socket.InetAddr{Host: "127.0.0.1"})
	to, _ := r.Getsockname()

	out := []socket.Message{
		{Buffers: [][]byte{[]byte("one")}, Addr: to},
		{Buffers: [][]byte{[]byte("two")}, Addr: to},
		{Buffers: [][]byte{[]byte("thr"), []byte("ee")}, Addr: to}, // gathered
	}
	n, err := w.Sendmmsg(out)
	fmt.Println("sent", n, err)

	in := make([]socket.Message, 8)
	for i := range in {
		in[i].Buffers = [][]byte{make([]byte, 1500)}
	}
	for got := 0; got < 3; {
		n, err := r.Recvmmsg(in)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, m := range in[:n] {
			fmt.Printf("%s\n", m.Buffers[0][:m.N])
		}
		got += n
	}
	// Output:
	// sent 3 <nil>
	// one
	// two
	// three
}

// Send one 3,000-byte buffer that the kernel cuts into 1,200-byte
// datagrams (UDP GSO), asked for by a UDP_SEGMENT control message.
func ExampleAppendControlMessage() {
	r, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer r.Close()
	w, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer w.Close()
	r.Bind(socket.InetAddr{Host: "127.0.0.1"})
	to, _ := r.Getsockname()

	oob := socket.AppendControlMessage(nil, socket.ControlMessage{
		Level: socket.SOL_UDP,
		Type:  socket.UDP_SEGMENT,
		Data:  binary.NativeEndian.AppendUint16(nil, 1200),
	})
	if _, err := w.Sendmmsg([]socket.Message{{Buffers: [][]byte{make([]byte, 3000)}, OOB: oob, Addr: to}}); err != nil {
		fmt.Println(err) // a kernel before 4.18 has no UDP GSO
		return
	}
	buf := make([]byte, 65536)
	for range 3 {
		n, _ := r.RecvInto(buf)
		fmt.Println(n)
	}
	// Output:
	// 1200
	// 1200
	// 600
}
