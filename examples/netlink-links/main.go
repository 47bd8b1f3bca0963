//go:build linux

// Command netlink-links lists the network interfaces with their index,
// name, flags and MTU, as `ip link` does, by asking the kernel over an
// AF_NETLINK socket (NETLINK_ROUTE) for an RTM_GETLINK dump and parsing the
// reply with golang.org/x/sys/unix's netlink structures.
//
// Usage:
//
//	netlink-links
//
// Output, one interface a line:
//
//	INDEX  NAME  FLAGS                           MTU
//	1      lo    UP,LOOPBACK,RUNNING,LOWER_UP    65536
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/pysocket/socket"
	"golang.org/x/sys/unix"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "netlink-links:", err)
		os.Exit(1)
	}
}

// Link is one interface of the dump.
type Link struct {
	Index int
	Name  string
	Flags uint32
	MTU   uint32
}

// run prints the interface table to w.
func run(w io.Writer) error {
	links, err := dumpLinks()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "INDEX\tNAME\tFLAGS\tMTU")
	for _, l := range links {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\n", l.Index, l.Name, flagNames(l.Flags), l.MTU)
	}
	return tw.Flush()
}

// dumpLinks sends RTM_GETLINK with NLM_F_DUMP and collects the
// RTM_NEWLINK replies until NLMSG_DONE.
func dumpLinks() ([]Link, error) {
	s, err := socket.New(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.Bind(socket.NetlinkAddr{}); err != nil { // the kernel picks our port id
		return nil, err
	}
	if err := s.Settimeout(5 * time.Second); err != nil {
		return nil, err
	}
	const seq = 1
	var req bytes.Buffer
	binary.Write(&req, binary.NativeEndian, unix.NlMsghdr{
		Len:   unix.SizeofNlMsghdr + unix.SizeofIfInfomsg,
		Type:  unix.RTM_GETLINK,
		Flags: unix.NLM_F_REQUEST | unix.NLM_F_DUMP,
		Seq:   seq,
	})
	binary.Write(&req, binary.NativeEndian, unix.IfInfomsg{Family: unix.AF_UNSPEC})
	if _, err := s.Sendto(req.Bytes(), socket.NetlinkAddr{PID: 0}); err != nil { // port id 0 is the kernel
		return nil, err
	}
	var links []Link
	for {
		data, from, err := s.Recvfrom(1 << 16)
		if err != nil {
			return nil, err
		}
		if a, ok := from.(socket.NetlinkAddr); !ok || a.PID != 0 {
			continue // not from the kernel
		}
		for len(data) > 0 {
			var h unix.NlMsghdr
			if len(data) < unix.SizeofNlMsghdr {
				return nil, fmt.Errorf("a truncated netlink header of %d bytes", len(data))
			}
			binary.Read(bytes.NewReader(data), binary.NativeEndian, &h)
			if h.Len < unix.SizeofNlMsghdr || int(h.Len) > len(data) {
				return nil, fmt.Errorf("netlink message length %d in %d bytes", h.Len, len(data))
			}
			body := data[unix.SizeofNlMsghdr:h.Len]
			data = data[min(align(int(h.Len)), len(data)):]
			if h.Seq != seq {
				continue
			}
			switch h.Type {
			case unix.NLMSG_DONE:
				return links, nil
			case unix.NLMSG_ERROR:
				if len(body) >= 4 {
					if code := int32(binary.NativeEndian.Uint32(body)); code != 0 {
						return nil, fmt.Errorf("RTM_GETLINK: %w", syscall.Errno(-code))
					}
				}
				return nil, errors.New("RTM_GETLINK: a malformed error reply")
			case unix.RTM_NEWLINK:
				l, err := parseLink(body)
				if err != nil {
					return nil, err
				}
				links = append(links, l)
			}
		}
	}
}

func align(n int) int { return (n + unix.NLMSG_ALIGNTO - 1) &^ (unix.NLMSG_ALIGNTO - 1) }

// parseLink reads an ifinfomsg and its attributes.
func parseLink(b []byte) (Link, error) {
	if len(b) < unix.SizeofIfInfomsg {
		return Link{}, fmt.Errorf("an ifinfomsg of %d bytes", len(b))
	}
	var ifi unix.IfInfomsg
	binary.Read(bytes.NewReader(b), binary.NativeEndian, &ifi)
	l := Link{Index: int(ifi.Index), Flags: ifi.Flags}
	for attrs := b[unix.SizeofIfInfomsg:]; len(attrs) >= unix.SizeofRtAttr; {
		var a unix.RtAttr
		binary.Read(bytes.NewReader(attrs), binary.NativeEndian, &a)
		if a.Len < unix.SizeofRtAttr || int(a.Len) > len(attrs) {
			return Link{}, fmt.Errorf("attribute length %d in %d bytes", a.Len, len(attrs))
		}
		v := attrs[unix.SizeofRtAttr:a.Len]
		switch a.Type {
		case unix.IFLA_IFNAME:
			l.Name = string(bytes.TrimRight(v, "\x00"))
		case unix.IFLA_MTU:
			if len(v) >= 4 {
				l.MTU = binary.NativeEndian.Uint32(v)
			}
		}
		attrs = attrs[min(unix.RTA_ALIGNTO*((int(a.Len)+unix.RTA_ALIGNTO-1)/unix.RTA_ALIGNTO), len(attrs)):]
	}
	return l, nil
}

// flagBits names the IFF_ flags in the order `ip link` prints them.
var flagBits = []struct {
	bit  uint32
	name string
}{
	{unix.IFF_UP, "UP"},
	{unix.IFF_BROADCAST, "BROADCAST"},
	{unix.IFF_DEBUG, "DEBUG"},
	{unix.IFF_LOOPBACK, "LOOPBACK"},
	{unix.IFF_POINTOPOINT, "POINTOPOINT"},
	{unix.IFF_NOTRAILERS, "NOTRAILERS"},
	{unix.IFF_RUNNING, "RUNNING"},
	{unix.IFF_NOARP, "NOARP"},
	{unix.IFF_PROMISC, "PROMISC"},
	{unix.IFF_ALLMULTI, "ALLMULTI"},
	{unix.IFF_MASTER, "MASTER"},
	{unix.IFF_SLAVE, "SLAVE"},
	{unix.IFF_MULTICAST, "MULTICAST"},
	{unix.IFF_PORTSEL, "PORTSEL"},
	{unix.IFF_AUTOMEDIA, "AUTOMEDIA"},
	{unix.IFF_DYNAMIC, "DYNAMIC"},
	{unix.IFF_LOWER_UP, "LOWER_UP"},
	{unix.IFF_DORMANT, "DORMANT"},
	{unix.IFF_ECHO, "ECHO"},
}

// flagNames spells the flags out, comma-separated ("-" for none).
func flagNames(f uint32) string {
	var names []string
	for _, b := range flagBits {
		if f&b.bit != 0 {
			names = append(names, b.name)
			f &^= b.bit
		}
	}
	if f != 0 {
		names = append(names, fmt.Sprintf("%#x", f))
	}
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, ",")
}
