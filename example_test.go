//go:build linux

package socket_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/pysocket/socket"
)

// listener opens a TCP socket listening on a free loopback port, as
// s = socket.create_server(('127.0.0.1', 0)) does in Python.
func exampleListener() (*socket.Socket, socket.Addr) {
	l, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		panic(err)
	}
	if err := l.Bind(socket.InetAddr{Host: "127.0.0.1", Port: 0}); err != nil {
		panic(err)
	}
	if err := l.Listen(1); err != nil {
		panic(err)
	}
	addr, err := l.Getsockname()
	if err != nil {
		panic(err)
	}
	return l, addr
}

// The echo server and client of Python's documentation, in one program.
func Example() {
	// with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
	s, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	s.Bind(socket.InetAddr{Host: "127.0.0.1", Port: 0}) // s.bind((HOST, PORT))
	s.Listen(1)                                         // s.listen(1)
	addr, _ := s.Getsockname()

	go func() {
		conn, _, err := s.Accept() // conn, addr = s.accept()
		if err != nil {
			return
		}
		defer conn.Close()
		for {
			data, err := conn.Recv(1024) // data = conn.recv(1024)
			if err != nil || len(data) == 0 {
				return // if not data: break
			}
			conn.Sendall(data) // conn.sendall(data)
		}
	}()

	c, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer c.Close()
	c.Connect(addr)                      // s.connect((HOST, PORT))
	c.Sendall([]byte("Hello, world"))    // s.sendall(b'Hello, world')
	data, _ := c.Recv(1024)              // data = s.recv(1024)
	fmt.Printf("Received b'%s'\n", data) // print('Received', repr(data))
	// Output: Received b'Hello, world'
}

func ExampleNew() {
	s, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	fmt.Println(s.Family(), s.Type(), s.Proto())
	// Output: AF_INET SOCK_DGRAM 0
}

func ExampleNew_error() {
	_, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_UDP)
	fmt.Println(err)
	fmt.Println(errors.Is(err, syscall.EPROTONOSUPPORT))
	// Output:
	// socket: protocol not supported
	// true
}

func ExampleSocketpair() {
	a, b, err := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	defer b.Close()
	a.Sendall([]byte("ping"))
	data, _ := b.Recv(16)
	fmt.Printf("%s\n", data)
	// Output: ping
}

func ExampleFromFileno() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer b.Close()
	fd, _ := a.Detach() // the caller owns fd now
	s, err := socket.FromFileno(fd)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	fmt.Println(s.Family(), s.Type())
	// Output: AF_UNIX SOCK_DGRAM
}

func ExampleFromfd() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	s, err := socket.Fromfd(a.Fileno(), socket.AF_UNIX, socket.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	s.Sendall([]byte("through a duplicate"))
	data, _ := b.Recv(64)
	fmt.Printf("%s\n", data)
	// Output: through a duplicate
}

func ExampleFromConn() {
	// A connection made by package net...
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			io.Copy(c, c)
			c.Close()
		}
	}()
	nc, _ := net.Dial("tcp", ln.Addr().String())
	defer nc.Close()

	// ...takes Python's methods.
	s, err := socket.FromConn(nc.(*net.TCPConn))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	s.Setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
	v, _ := s.Getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
	fmt.Println(s.Family(), s.Type(), v)
	// Output: AF_INET SOCK_STREAM 1
}

func ExampleClose() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer b.Close()
	fd, _ := a.Detach()
	fmt.Println(socket.Close(fd))
	err := socket.Close(fd)
	fmt.Println(errors.Is(err, syscall.EBADF))
	// Output:
	// <nil>
	// true
}

func ExampleSetdefaulttimeout() {
	socket.Setdefaulttimeout(2 * time.Second)
	defer socket.Setdefaulttimeout(socket.NoTimeout)
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	fmt.Println(socket.Getdefaulttimeout(), s.Gettimeout())
	// Output: 2s 2s
}

func ExampleGetdefaulttimeout() {
	fmt.Println(socket.Getdefaulttimeout() == socket.NoTimeout)
	// Output: true
}

func ExampleAddressFamily_String() {
	fmt.Println(socket.AF_INET6, socket.SOCK_SEQPACKET)
	fmt.Printf("%d %d\n", socket.AF_INET6, socket.SOCK_SEQPACKET)
	// Output:
	// AF_INET6 SOCK_SEQPACKET
	// 10 5
}

func ExampleSocket_Bind() {
	s, _ := socket.New(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer s.Close()
	if err := s.Bind(socket.UnixAddr{Path: "\x00example-bind"}); err != nil {
		fmt.Println(err)
		return
	}
	a, _ := s.Getsockname()
	fmt.Println(a)
	// Output: @example-bind
}

func ExampleSocket_Bind_portOutOfRange() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	err := s.Bind(socket.InetAddr{Host: "127.0.0.1", Port: 70000})
	var ve *socket.ValueError
	fmt.Println(errors.As(err, &ve), ve.Arg)
	fmt.Println(errors.Is(err, socket.ErrInvalid))
	// Output:
	// true port
	// true
}

func ExampleSocket_Listen() {
	l, addr := exampleListener()
	defer l.Close()
	v, _ := l.Getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
	fmt.Println(addr.(socket.InetAddr).Host, v)
	// Output: 127.0.0.1 1
}

func ExampleSocket_Accept() {
	l, addr := exampleListener()
	defer l.Close()
	c, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer c.Close()
	c.Connect(addr)
	conn, peer, err := l.Accept()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	local, _ := c.Getsockname()
	fmt.Println(peer == local)
	// Output: true
}

func ExampleSocket_Connect() {
	l, addr := exampleListener()
	l.Close() // nobody listens there now
	c, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer c.Close()
	err := c.Connect(addr)
	// except ConnectionRefusedError:
	fmt.Println(errors.Is(err, syscall.ECONNREFUSED))
	// Output: true
}

func ExampleSocket_ConnectEx() {
	l, addr := exampleListener()
	defer l.Close()
	c, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer c.Close()
	errno, err := c.ConnectEx(addr)
	fmt.Println(int(errno), err)
	// Output: 0 <nil>
}

func ExampleSocket_Send() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0)
	defer a.Close()
	defer b.Close()
	n, _ := a.Send([]byte("one record"))
	data, _ := b.Recv(100)
	fmt.Println(n, string(data))
	// Output: 10 one record
}

func ExampleSocket_Sendall() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	big := make([]byte, 1<<20)
	go func() {
		a.Sendall(big) // loops on send(2) until all of it went
		a.Shutdown(socket.SHUT_WR)
	}()
	total := 0
	buf := make([]byte, 65536)
	for {
		n, _ := b.RecvInto(buf)
		if n == 0 {
			break
		}
		total += n
	}
	fmt.Println(total)
	// Output: 1048576
}

func ExampleSocket_Sendall_timeout() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	a.Settimeout(50 * time.Millisecond)
	err := a.Sendall(make([]byte, 64<<20)) // nobody reads: it times out
	var partial *socket.PartialSendError
	fmt.Println(errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &partial) && partial.Sent > 0)
	// Output: true true
}

func ExampleSocket_Sendto() {
	r, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer r.Close()
	r.Bind(socket.InetAddr{Host: "127.0.0.1", Port: 0})
	to, _ := r.Getsockname()
	s, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer s.Close()
	n, _ := s.Sendto([]byte("datagram"), to)
	data, _ := r.Recv(64)
	fmt.Println(n, string(data))
	// Output: 8 datagram
}

func ExampleSocket_Recv() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer b.Close()
	a.Sendall([]byte("last words"))
	a.Close()
	data, _ := b.Recv(1024)
	fmt.Printf("%q\n", data)
	data, err := b.Recv(1024) // b'' at the end, as in Python
	fmt.Printf("%q %v\n", data, err)
	// Output:
	// "last words"
	// "" <nil>
}

func ExampleSocket_Recv_peek() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	a.Sendall([]byte("abc"))
	peek, _ := b.Recv(3, socket.MSG_PEEK)
	data, _ := b.Recv(3)
	fmt.Println(string(peek), string(data))
	// Output: abc abc
}

func ExampleSocket_RecvInto() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer a.Close()
	defer b.Close()
	a.Send([]byte("into a buffer"))
	buf := make([]byte, 64)
	n, _ := b.RecvInto(buf)
	fmt.Println(n, string(buf[:n]))
	// Output: 13 into a buffer
}

func ExampleSocket_Recvfrom() {
	a, _ := socket.New(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer a.Close()
	b, _ := socket.New(socket.AF_UNIX, socket.SOCK_DGRAM, 0)
	defer b.Close()
	a.Bind(socket.UnixAddr{Path: "\x00example-recvfrom-a"})
	b.Bind(socket.UnixAddr{Path: "\x00example-recvfrom-b"})
	a.Sendto([]byte("hi"), socket.UnixAddr{Path: "\x00example-recvfrom-b"})
	data, from, _ := b.Recvfrom(64)
	fmt.Printf("%s from %s\n", data, from)
	// Output: hi from @example-recvfrom-a
}

func ExampleSocket_RecvfromInto() {
	r, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer r.Close()
	r.Bind(socket.InetAddr{Host: "127.0.0.1", Port: 0})
	to, _ := r.Getsockname()
	s, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer s.Close()
	s.Bind(socket.InetAddr{Host: "127.0.0.1", Port: 0})
	s.Sendto([]byte("payload"), to)
	buf := make([]byte, 4) // a longer datagram is cut, as in Python
	n, from, _ := r.RecvfromInto(buf)
	sent, _ := s.Getsockname()
	fmt.Println(n, string(buf[:n]), from == sent)
	// Output: 4 payl true
}

func ExampleSocket_Shutdown() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	a.Shutdown(socket.SHUT_WR)
	data, err := b.Recv(10)
	fmt.Println(len(data), err)
	_, err = a.Send([]byte("x"))
	fmt.Println(errors.Is(err, syscall.EPIPE))
	// Output:
	// 0 <nil>
	// true
}

func ExampleSocket_Getsockname() {
	s, _ := socket.New(socket.AF_INET6, socket.SOCK_DGRAM, 0)
	defer s.Close()
	a, _ := s.Getsockname()
	fmt.Printf("%#v\n", a)
	// Output: socket.Inet6Addr{Host:"::", Port:0, Flowinfo:0x0, ScopeID:0x0}
}

func ExampleSocket_Getpeername() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	peer, _ := a.Getpeername()
	fmt.Printf("%#v\n", peer) // an unnamed peer, Python's ''
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	_, err := s.Getpeername()
	fmt.Println(errors.Is(err, syscall.ENOTCONN))
	// Output:
	// socket.UnixAddr{Path:""}
	// true
}

func ExampleSocket_Settimeout() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	a.Settimeout(20 * time.Millisecond)
	_, err := a.Recv(10)
	// except TimeoutError:
	fmt.Println(err, errors.Is(err, os.ErrDeadlineExceeded))
	// Output: recv: timed out true
}

func ExampleSocket_Gettimeout() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	fmt.Println(s.Gettimeout() == socket.NoTimeout) // None
	s.Settimeout(1500 * time.Millisecond)
	fmt.Println(s.Gettimeout())
	// Output:
	// true
	// 1.5s
}

func ExampleSocket_Setblocking() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	a.Setblocking(false)
	_, err := a.Recv(10)
	// except BlockingIOError:
	fmt.Println(errors.Is(err, syscall.EAGAIN), a.Getblocking(), a.Gettimeout())
	// Output: true false 0s
}

func ExampleSocket_Getblocking() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	fmt.Println(s.Getblocking())
	s.Settimeout(0)
	fmt.Println(s.Getblocking())
	// Output:
	// true
	// false
}

func ExampleSocket_Setsockopt() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	s.Setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
	v, _ := s.Getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
	fmt.Println(v)
	// Output: 1
}

func ExampleSocket_Getsockopt() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer s.Close()
	kind, _ := s.Getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)
	fmt.Println(socket.SocketKind(kind))
	// Output: SOCK_DGRAM
}

func ExampleSocket_GetsockoptBytes() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	// struct ucred {pid, uid, gid}, as getsockopt(SOL_SOCKET, SO_PEERCRED, 12)
	cred, _ := a.GetsockoptBytes(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
	fmt.Println(len(cred))
	// Output: 12
}

func ExampleSocket_SetsockoptBytes() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer s.Close()
	// struct ip_mreq, as struct.pack('4s4s', inet_aton(group), inet_aton(iface))
	mreq := []byte{239, 255, 1, 2, 127, 0, 0, 1}
	err := s.SetsockoptBytes(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
	fmt.Println(err)
	// Output: <nil>
}

func ExampleSocket_Dup() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	a.Settimeout(time.Second)
	d, _ := a.Dup()
	defer d.Close()
	d.Sendall([]byte("dup"))
	data, _ := b.Recv(8)
	fmt.Println(string(data), d.Gettimeout(), d.Fileno() != a.Fileno())
	// Output: dup 1s true
}

func ExampleSocket_Detach() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	fd, _ := s.Detach()
	fmt.Println(fd >= 0, s.Fileno())
	socket.Close(fd)
	// Output: true -1
}

func ExampleSocket_Close() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer b.Close()
	errc := make(chan error)
	go func() {
		_, err := a.Recv(10)
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond)
	a.Close() // wakes the blocked Recv
	err := <-errc
	fmt.Println(errors.Is(err, net.ErrClosed), a.Fileno())
	// Output: true -1
}

func ExampleSocket_Fileno() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	fmt.Println(s.Fileno() > 2)
	s.Close()
	fmt.Println(s.Fileno())
	// Output:
	// true
	// -1
}

func ExampleSocket_GetInheritable() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer s.Close()
	v, _ := s.GetInheritable()
	fmt.Println(v)
	s.SetInheritable(true)
	v, _ = s.GetInheritable()
	fmt.Println(v)
	// Output:
	// false
	// true
}

func ExampleSocket_Read() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer b.Close()
	go func() {
		fmt.Fprintf(a, "line one\nline two\n")
		a.Close()
	}()
	sc := bufio.NewScanner(b) // a *Socket is an io.Reader
	for sc.Scan() {
		fmt.Println(sc.Text())
	}
	// Output:
	// line one
	// line two
}

func ExampleSocket_SetDeadline() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	a.SetDeadline(time.Now().Add(10 * time.Millisecond))
	_, err := a.Read(make([]byte, 1))
	var ne net.Error
	fmt.Println(errors.As(err, &ne) && ne.Timeout())
	// Output: true
}

func ExampleSocket_LocalAddr() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer s.Close()
	s.Bind(socket.InetAddr{Host: "127.0.0.1", Port: 0})
	la := s.LocalAddr() // the standard library's type for a UDP socket
	_, isUDP := la.(*net.UDPAddr)
	a, _ := s.Getsockname() // the package's own, which does not know the socket is UDP
	fmt.Println(la.Network(), isUDP, a.Network())
	// Output: udp true tcp4
}

func ExampleSocket_RemoteAddr() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0)
	defer a.Close()
	defer b.Close()
	fmt.Printf("%#v\n", a.RemoteAddr())
	// Output: &net.UnixAddr{Name:"", Net:"unixpacket"}
}

func ExampleSocket_WriteTo() {
	r, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer r.Close()
	r.Bind(socket.InetAddr{Host: "127.0.0.1", Port: 0})
	s, _ := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	defer s.Close()
	var pc net.PacketConn = s
	pc.WriteTo([]byte("to a *net.UDPAddr"), r.LocalAddr())
	buf := make([]byte, 64)
	n, from, _ := r.ReadFrom(buf)
	fmt.Println(string(buf[:n]), from.Network())
	// Output: to a *net.UDPAddr udp
}

func ExampleSocket_Listener() {
	l, _ := exampleListener()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "served over a Socket")
	})}
	go srv.Serve(l.Listener())
	defer srv.Close()

	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get("http://" + l.LocalAddr().String() + "/")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(string(body))
	// Output: served over a Socket
}

func ExampleSocket_AcceptContext() {
	l, _ := exampleListener()
	defer l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	_, _, err := l.AcceptContext(ctx) // nobody connects; cancel wakes it
	fmt.Println(errors.Is(err, context.Canceled))
	// Output: true
}

func ExampleSocket_ConnectContext() {
	l, addr := exampleListener()
	defer l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	defer c.Close()
	fmt.Println(c.ConnectContext(ctx, addr))
	// Output: <nil>
}

func ExampleSocket_RecvContext() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := a.RecvContext(ctx, 10)
	fmt.Println(errors.Is(err, context.DeadlineExceeded), err.(net.Error).Timeout())
	// Output: true true
}

func ExampleInetAddr() {
	a := socket.InetAddr{"127.0.0.1", 8080} // ('127.0.0.1', 8080)
	fmt.Println(a, a.Family(), a.Network(), a == socket.InetAddr{Host: "127.0.0.1", Port: 8080})
	// Output: 127.0.0.1:8080 AF_INET tcp4 true
}

func ExampleInet6Addr() {
	a := socket.Inet6Addr{Host: "fe80::1", Port: 80, ScopeID: 1} // ('fe80::1', 80, 0, 1)
	fmt.Println(a)
	// Output: [fe80::1%1]:80
}

func ExampleUnixAddr() {
	fmt.Println(socket.UnixAddr{Path: "/run/app.sock"}, socket.UnixAddr{Path: "\x00abstract"}.Abstract())
	// Output: /run/app.sock true
}

func ExampleError() {
	s, _ := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	s.Close()
	err := s.Listen(1)
	var se *socket.Error
	if errors.As(err, &se) {
		fmt.Println(se.Op, errors.Is(err, syscall.EBADF), errors.Is(err, net.ErrClosed))
	}
	// Output: listen true true
}

func ExampleDup() {
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()
	fd, err := socket.Dup(a.Fileno()) // a descriptor of our own, close-on-exec
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := socket.FromFileno(fd)
	defer s.Close()
	s.Sendall([]byte("through socket.dup"))
	data, _ := b.Recv(64)
	fmt.Println(string(data))
	_, err = socket.Dup(-1)
	fmt.Println(errors.Is(err, socket.ErrInvalid))
	// Output:
	// through socket.dup
	// true
}
