// Multicast sends and receives UDP multicast over IP_ADD_MEMBERSHIP, in the
// form Python programs use (Python's documentation has no multicast
// example; this is the usual recipe):
//
//	# receiver
//	sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
//	sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
//	sock.bind(('', MCAST_PORT))
//	mreq = struct.pack('4s4s', socket.inet_aton(MCAST_GRP), socket.inet_aton(IFACE))
//	sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
//	while True:
//	    print(sock.recvfrom(1024))
//
//	# sender
//	sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
//	sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 2)
//	sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(IFACE))
//	sock.sendto(b'robot', (MCAST_GRP, MCAST_PORT))
//
// Usage:
//
//	multicast receive [-group 224.1.1.1] [-port 5007] [-iface 127.0.0.1] [-count 0]
//	multicast send [-group 224.1.1.1] [-port 5007] [-iface 127.0.0.1] [-ttl 2] message...
//
// The interface defaults to loopback (127.0.0.1), where multicast works
// without a network: IP_MULTICAST_IF sends the group's datagrams out of the
// loopback interface and IP_MULTICAST_LOOP (on by default) delivers them
// to the members on this host. The receiver reports the port it bound to
// on standard error (port 0 picks a free one).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"

	"github.com/pysocket/socket"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "send" && args[0] != "receive") {
		fmt.Fprintln(stderr, "usage: multicast send|receive [flags] [message...]")
		return errors.New("missing command: send or receive")
	}
	flags := flag.NewFlagSet("multicast "+args[0], flag.ContinueOnError)
	flags.SetOutput(stderr)
	group := flags.String("group", "224.1.1.1", "multicast group")
	port := flags.Int("port", 5007, "UDP port")
	iface := flags.String("iface", "127.0.0.1", "address of the interface to use")
	count := flags.Int("count", 0, "receive: datagrams to print before exiting; 0 for ever")
	ttl := flags.Int("ttl", 2, "send: IP_MULTICAST_TTL")
	loop := flags.Bool("loop", true, "send: IP_MULTICAST_LOOP, delivery to members on this host")
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	grp, err := inetAton("group", *group)
	if err != nil {
		return err
	}
	ifc, err := inetAton("iface", *iface)
	if err != nil {
		return err
	}
	sock, err := socket.New(socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer sock.Close()
	if args[0] == "send" {
		return send(sock, *group, *port, ifc, *ttl, *loop, flags.Args(), stdout)
	}
	return receive(sock, grp, ifc, *port, *count, stdout, stderr)
}

func receive(sock *socket.Socket, grp, ifc []byte, port, count int, stdout, stderr io.Writer) error {
	if err := sock.Setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); err != nil {
		return err
	}
	if err := sock.Bind(socket.InetAddr{Host: "", Port: port}); err != nil {
		return err
	}
	// struct ip_mreq { struct in_addr imr_multiaddr, imr_interface; }, as
	// struct.pack('4s4s', inet_aton(group), inet_aton(iface)) builds it.
	mreq := append(append(make([]byte, 0, 8), grp...), ifc...)
	if err := sock.SetsockoptBytes(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq); err != nil {
		return err
	}
	if la, err := sock.Getsockname(); err == nil {
		fmt.Fprintf(stderr, "Listening on %s, member of %s via %s\n", la, net.IP(grp), net.IP(ifc))
	}
	for n := 0; count == 0 || n < count; n++ {
		data, from, err := sock.Recvfrom(1024)
		if err != nil {
			return err
		}
		host := ""
		if in, ok := from.(socket.InetAddr); ok {
			host = in.Host
		}
		fmt.Fprintf(stdout, "received %q from %s\n", data, host)
	}
	return nil
}

func send(sock *socket.Socket, group string, port int, ifc []byte, ttl int, loop bool, msgs []string, stdout io.Writer) error {
	if len(msgs) == 0 {
		msgs = []string{"robot"}
	}
	if err := sock.Setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl); err != nil {
		return err
	}
	// IP_MULTICAST_IF takes a struct in_addr, as inet_aton(iface) gives.
	if err := sock.SetsockoptBytes(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, ifc); err != nil {
		return err
	}
	on := 0
	if loop {
		on = 1
	}
	if err := sock.Setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, on); err != nil {
		return err
	}
	for _, m := range msgs {
		if _, err := sock.Sendto([]byte(m), socket.InetAddr{Host: group, Port: port}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "sent %q to %s:%d\n", m, group, port)
	}
	return nil
}

// inetAton packs a dotted quad into 4 bytes, as Python's socket.inet_aton.
func inetAton(arg, s string) ([]byte, error) {
	ip := net.ParseIP(s).To4()
	if ip == nil {
		return nil, fmt.Errorf("-%s: %q is not an IPv4 address", arg, s)
	}
	return []byte(ip), nil
}
