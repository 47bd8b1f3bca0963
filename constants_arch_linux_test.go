//go:build linux

package socket_test

import (
	"testing"

	"github.com/pysocket/socket"
	"golang.org/x/sys/unix"
)

// TestConstantsMatchXSys checks every constant that golang.org/x/sys/unix
// also defines against x/sys's value for the GOARCH under test (the kernel
// ABI of that architecture: on mips SOCK_STREAM is 2 and SOL_SOCKET 0xffff).
// The CI runs it on seven architectures, five of them under qemu-user.
func TestConstantsMatchXSys(t *testing.T) {
	t.Parallel()
	if len(xsysConstants) < 200 {
		t.Fatalf("only %d constants paired with x/sys; regenerate with scripts/genconst.py", len(xsysConstants))
	}
	for _, c := range xsysConstants {
		if c.got != c.want {
			t.Errorf("%s = %#x here, %#x in x/sys/unix", c.name, c.got, c.want)
		}
	}
}

// TestConstantsReachTheKernel asks the kernel itself (through qemu-user's
// translation where the CI uses it) whether the socket constants mean what
// their names say on this architecture: the type, family and protocol read
// back through SOL_SOCKET are those the socket was made with.
func TestConstantsReachTheKernel(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		family socket.AddressFamily
		kind   socket.SocketKind
		proto  int
	}{
		{"inet stream", socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP},
		{"inet dgram", socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP},
		{"unix stream", socket.AF_UNIX, socket.SOCK_STREAM, 0},
		{"unix dgram", socket.AF_UNIX, socket.SOCK_DGRAM, 0},
		{"unix seqpacket", socket.AF_UNIX, socket.SOCK_SEQPACKET, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := mustNew(t, c.family, c.kind, c.proto)
			for _, o := range []struct {
				opt  int
				want int
			}{
				{socket.SO_TYPE, int(c.kind)},
				{socket.SO_DOMAIN, int(c.family)},
				{socket.SO_PROTOCOL, c.proto},
			} {
				got, err := s.Getsockopt(socket.SOL_SOCKET, o.opt)
				if err != nil {
					t.Fatalf("getsockopt(SOL_SOCKET, %d): %v", o.opt, err)
				}
				if got != o.want && !(o.opt == socket.SO_PROTOCOL && o.want == 0) {
					t.Errorf("getsockopt(SOL_SOCKET, %d) = %d, want %d", o.opt, got, o.want)
				}
			}
			if s.Type() != c.kind || s.Family() != c.family {
				t.Errorf("Type, Family = %s, %s; want %s, %s", s.Type(), s.Family(), c.kind, c.family)
			}
		})
	}
	// SOCK_NONBLOCK (0x80 on mips, 0x800 elsewhere) in the type makes a
	// socket that starts in non-blocking mode.
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM|socket.SOCK_NONBLOCK, 0)
	if s.Gettimeout() != 0 {
		t.Errorf("SOCK_NONBLOCK: timeout %v, want 0", s.Gettimeout())
	}
	if socket.SOCK_NONBLOCK != unix.SOCK_NONBLOCK || socket.SOCK_CLOEXEC != unix.SOCK_CLOEXEC {
		t.Errorf("SOCK_NONBLOCK, SOCK_CLOEXEC = %#x, %#x; x/sys %#x, %#x", socket.SOCK_NONBLOCK, socket.SOCK_CLOEXEC, unix.SOCK_NONBLOCK, unix.SOCK_CLOEXEC)
	}
}

// TestCMSGLayoutMatchesXSys checks CMSG_LEN and CMSG_SPACE against
// golang.org/x/sys/unix's for the GOARCH under test: the header and the
// alignment are the target's (4-byte alignment on 32-bit systems), not
// those of the machine that CPython's comparison runs on.
func TestCMSGLayoutMatchesXSys(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 3, 4, 5, 8, 12, 13, 16, 100, 4096} {
		l, err := socket.CMSG_LEN(n)
		if err != nil || l != unix.CmsgLen(n) {
			t.Errorf("CMSG_LEN(%d) = %d, %v; x/sys %d", n, l, err, unix.CmsgLen(n))
		}
		s, err := socket.CMSG_SPACE(n)
		if err != nil || s != unix.CmsgSpace(n) {
			t.Errorf("CMSG_SPACE(%d) = %d, %v; x/sys %d", n, s, err, unix.CmsgSpace(n))
		}
	}
}
