//go:build linux

package socket_test

import (
	"fmt"
	"time"

	"github.com/pysocket/socket"
)

// A CAN frame travels as the kernel's 16-byte struct can_frame.
func ExampleCANFrame_MarshalBinary() {
	b, err := socket.CANFrame{ID: 0x123, Data: []byte{0xde, 0xad}}.MarshalBinary()
	if err != nil {
		panic(err)
	}
	var f socket.CANFrame
	if err := f.UnmarshalBinary(b); err != nil {
		panic(err)
	}
	fmt.Println(len(b), f, f.IsExtended())
	// Output: 16 123#DEAD false
}

// A CAN_BCM message: the head, then the frames. Sent on a BCM socket
// connected to an interface, this one makes the kernel send the frame every
// 100 ms.
func ExampleBCMMessage() {
	msg, err := socket.BCMMessage(socket.BCMMsgHead{
		Opcode: socket.CAN_BCM_TX_SETUP,
		Flags:  socket.CAN_BCM_SETTIMER | socket.CAN_BCM_STARTTIMER,
		Ival2:  100 * time.Millisecond,
		CANID:  0x333,
	}, socket.CANFrame{ID: 0x333, Data: []byte{1, 2}})
	if err != nil {
		panic(err)
	}
	head, frames, err := socket.ParseBCMMessage(msg)
	fmt.Println(len(msg) == socket.BCMHeadSize+socket.CAN_MTU, head.Nframes, head.Ival2, frames[0], err)
	// Output: true 1 100ms 333#0102 <nil>
}

// Encrypting with AES-CBC in the kernel, as Python's sendmsg_afalg example
// does (it needs a kernel with AF_ALG).
func ExampleSocket_SendmsgAfalg() {
	alg, err := socket.New(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer alg.Close()
	if err := alg.Bind(socket.ALGAddr{Type: "skcipher", Name: "cbc(aes)"}); err != nil {
		fmt.Println(err)
		return
	}
	if err := alg.SetsockoptALGSetKey(make([]byte, 16)); err != nil {
		fmt.Println(err)
		return
	}
	op, _, err := alg.Accept()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer op.Close()
	iv := make([]byte, 16)
	if _, err := op.SendmsgAfalg([][]byte{[]byte("sixteen byte msg")}, socket.ALG_OP_ENCRYPT, iv, 0, 0); err != nil {
		fmt.Println(err)
		return
	}
	ct, err := op.Recv(16)
	fmt.Printf("%x %v\n", ct, err)
}
