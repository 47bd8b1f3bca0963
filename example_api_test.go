package socket_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/pysocket/socket"
)

// A datagram exchange under contexts: RecvfromContext gives up when its
// context's deadline passes, as a Python asyncio task would be cancelled.
func ExampleSocket_RecvfromContext() {
	a, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer a.Close()
	b, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer b.Close()
	b.Bind(socket.InetAddr{Host: "127.0.0.1"})
	to, _ := b.Getsockname()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a.SendtoContext(ctx, []byte("ping"), to)
	data, _, err := b.RecvfromContext(ctx, 64)
	fmt.Printf("%s %v\n", data, err)

	short, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	_, _, err = b.RecvfromContext(short, 64)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// ping <nil>
	// true
}

// The standard library's addresses go to Bind, Connect and Sendto as they
// are; a netip.AddrPort goes through net.UDPAddrFromAddrPort.
func ExampleSocket_Sendto_netAddr() {
	r, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer r.Close()
	r.Bind(&net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	port := r.LocalAddr().(*net.UDPAddr).Port

	s, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer s.Close()
	ap := netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(port))
	s.Sendto([]byte("hello"), net.UDPAddrFromAddrPort(ap))
	data, _ := r.Recv(64)
	fmt.Printf("%s\n", data)
	// Output: hello
}

// Code written against package net matches the package's errors with
// *net.OpError too.
func ExampleError_As() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	l, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	l.Bind(socket.InetAddr{Host: "127.0.0.1"})
	addr, _ := l.Getsockname()
	l.Close() // nothing listens there now

	err := s.Connect(addr)
	var oe *net.OpError
	fmt.Println(errors.As(err, &oe), oe.Op, oe.Net)
	// Output: true connect tcp4
}
