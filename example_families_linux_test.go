//go:build linux

package socket_test

import (
	"fmt"

	"github.com/pysocket/socket"
	"golang.org/x/net/bpf"
)

// Python's socket.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) and
// s.bind((0, 0)): the kernel gives the socket a port id.
func ExampleNetlinkAddr() {
	s, err := socket.New(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	if err := s.Bind(socket.NetlinkAddr{PID: 0, Groups: 0}); err != nil {
		fmt.Println(err)
		return
	}
	a, err := s.Getsockname()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Family(), a.(socket.NetlinkAddr).PID != 0)
	// Output: AF_NETLINK true
}

func ExampleVsockAddr() {
	a := socket.VsockAddr{CID: socket.VMADDR_CID_HOST, Port: 1024}
	fmt.Println(a.Network(), a)
	// Output: vsock 2:1024
}

// Capture IPv4 frames on eth0, as tcpdump -i eth0 ip: the kernel runs the
// filter before a frame is queued on the socket.
func ExampleSocket_SetsockoptAttachFilter() {
	prog, err := bpf.Assemble([]bpf.Instruction{
		bpf.LoadAbsolute{Off: 12, Size: 2},                                  // the EtherType
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: socket.ETH_P_IP, SkipFalse: 1}, // IPv4?
		bpf.RetConstant{Val: 0x40000},                                       // keep the frame
		bpf.RetConstant{Val: 0},                                             // drop it
	})
	if err != nil {
		panic(err)
	}
	// Protocol 0 receives nothing until Bind, so no frame slips past the filter.
	s, err := socket.New(socket.AF_PACKET, socket.SOCK_RAW, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	if err := s.SetsockoptAttachFilter(prog); err != nil {
		fmt.Println(err)
		return
	}
	if err := s.Bind(socket.PacketAddr{Ifname: "eth0", Proto: socket.ETH_P_ALL}); err != nil {
		fmt.Println(err)
		return
	}
	frame, from, err := s.Recvfrom(65536)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d bytes from %v\n", len(frame), from)
}
