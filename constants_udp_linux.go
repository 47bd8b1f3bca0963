//go:build linux

package socket

import "golang.org/x/sys/unix"

// The UDP socket options at level SOL_UDP beyond Python's list, with the
// kernel's values (<linux/udp.h>). Python's socket module does not name
// them; setsockopt with their numbers works there too.
const (
	// UDP_CORK holds back datagrams written while set and sends them as one
	// when cleared, as TCP_CORK does for segments.
	UDP_CORK = unix.UDP_CORK
	// UDP_SEGMENT is the segment size for UDP generic segmentation offload
	// (GSO): as a socket option (Setsockopt(SOL_UDP, UDP_SEGMENT, size)) or
	// as a control message of one send (AppendControlMessage with a
	// native-endian uint16), it makes the kernel cut each large send into
	// datagrams of that many bytes, the last one shorter.
	UDP_SEGMENT = unix.UDP_SEGMENT
	// UDP_GRO turns on UDP generic receive offload for a socket
	// (Setsockopt(SOL_UDP, UDP_GRO, 1)): datagrams of one flow may come as
	// one buffer, with a UDP_GRO control message at level SOL_UDP whose
	// data is the segment size as a native-endian C int.
	UDP_GRO = unix.UDP_GRO
)
