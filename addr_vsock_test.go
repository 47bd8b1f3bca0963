//go:build linux

package socket_test

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var _ net.Addr = socket.VsockAddr{}

func init() { fixFor[socket.AF_VSOCK] = "load the vsock module (modprobe vsock)" }

func TestVsockAddrString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		addr socket.VsockAddr
		want string
	}{
		{"host", socket.VsockAddr{CID: socket.VMADDR_CID_HOST, Port: 1024}, "2:1024"},
		{"any", socket.VsockAddr{CID: socket.VMADDR_CID_ANY, Port: socket.VMADDR_PORT_ANY}, "4294967295:4294967295"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.addr.String())
			assert.Equal(t, "vsock", tt.addr.Network())
			assert.Equal(t, socket.AF_VSOCK, tt.addr.Family())
		})
	}
}

func TestVsockAddrBindGetsockname(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
	tests := []struct {
		name  string
		bind  *socket.VsockAddr
		check func(t *testing.T, a socket.VsockAddr)
	}{
		{"unbound", nil, func(t *testing.T, a socket.VsockAddr) {
			assert.Equal(t, socket.VsockAddr{CID: socket.VMADDR_CID_ANY, Port: socket.VMADDR_PORT_ANY}, a)
		}},
		{"any cid, any port", &socket.VsockAddr{CID: socket.VMADDR_CID_ANY, Port: socket.VMADDR_PORT_ANY}, func(t *testing.T, a socket.VsockAddr) {
			assert.Equal(t, uint32(socket.VMADDR_CID_ANY), a.CID)
			assert.NotEqual(t, uint32(socket.VMADDR_PORT_ANY), a.Port, "the kernel chose no port")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustNew(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
			if tt.bind != nil {
				require.NoError(t, s.Bind(*tt.bind))
			}
			got, err := s.Getsockname()
			require.NoError(t, err)
			a, ok := got.(socket.VsockAddr)
			require.True(t, ok, "Getsockname returned %T", got)
			tt.check(t, a)
			assert.Equal(t, pythonOnSocket(t, s, "print(repr(s.getsockname()))"), socket.PyReprOf(a))
		})
	}
}

func TestVsockAddrWrongFamily(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
	v := mustNew(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
	inet := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	for _, tt := range []struct {
		name string
		err  error
	}{
		{"VsockAddr on AF_INET", inet.Bind(socket.VsockAddr{CID: socket.VMADDR_CID_ANY})},
		{"InetAddr on AF_VSOCK", v.Connect(socket.InetAddr{Host: "127.0.0.1", Port: 1})},
		{"PacketAddr on AF_VSOCK", v.Bind(socket.PacketAddr{Ifname: "lo"})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ve *socket.ValueError
			require.ErrorAs(t, tt.err, &ve)
			assert.Equal(t, "addr", ve.Arg)
		})
	}
}

// Python reads and writes every integer option of an AF_VSOCK socket as a
// uint64; GetsockoptUint64 and SetsockoptUint64 do the same.
func TestVsockBufferSizeOptions(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
	s := mustNew(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
	before, err := s.GetsockoptUint64(int(socket.AF_VSOCK), socket.SO_VM_SOCKETS_BUFFER_SIZE)
	skipQemu(t, "getsockopt(AF_VSOCK, SO_VM_SOCKETS_BUFFER_SIZE)", err)
	require.NoError(t, err)
	py := pythonOnSocket(t, s, "print(s.getsockopt(socket.AF_VSOCK, socket.SO_VM_SOCKETS_BUFFER_SIZE))")
	assert.Equal(t, py, strconv.FormatUint(before, 10), "CPython reads the same buffer size")

	want := before/2 + 4096
	require.NoError(t, s.SetsockoptUint64(int(socket.AF_VSOCK), socket.SO_VM_SOCKETS_BUFFER_SIZE, want))
	got, err := s.GetsockoptUint64(int(socket.AF_VSOCK), socket.SO_VM_SOCKETS_BUFFER_SIZE)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	py = pythonOnSocket(t, s, fmt.Sprintf("s.setsockopt(socket.AF_VSOCK, socket.SO_VM_SOCKETS_BUFFER_SIZE, %d)\nprint(s.getsockopt(socket.AF_VSOCK, socket.SO_VM_SOCKETS_BUFFER_SIZE))", want+4096))
	assert.Equal(t, strconv.FormatUint(want+4096, 10), py)
	got, err = s.GetsockoptUint64(int(socket.AF_VSOCK), socket.SO_VM_SOCKETS_BUFFER_SIZE)
	require.NoError(t, err)
	assert.Equal(t, want+4096, got, "the size CPython set on the same socket")

	// A four-byte option read as a uint64 is an error, not half a value.
	_, err = s.GetsockoptUint64(socket.SOL_SOCKET, socket.SO_TYPE)
	assert.ErrorIs(t, err, syscall.EINVAL)
}

// The loopback transport (VMADDR_CID_LOCAL) exists where the kernel has
// vsock_loopback; elsewhere a connection to CID 1 goes to the hypervisor
// transport and fails or times out.
func TestVsockLoopbackConnection(t *testing.T) {
	t.Parallel()
	skipUnless(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
	l := mustNew(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
	require.NoError(t, l.Bind(socket.VsockAddr{CID: socket.VMADDR_CID_ANY, Port: socket.VMADDR_PORT_ANY}))
	require.NoError(t, l.Listen(1))
	la, err := l.Getsockname()
	require.NoError(t, err)
	port := la.(socket.VsockAddr).Port

	c := mustNew(t, socket.AF_VSOCK, socket.SOCK_STREAM, 0)
	require.NoError(t, c.Settimeout(time.Second))
	err = c.Connect(socket.VsockAddr{CID: socket.VMADDR_CID_LOCAL, Port: port})
	switch {
	case err == nil:
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, syscall.ETIMEDOUT), errors.Is(err, syscall.ENODEV),
		errors.Is(err, syscall.EADDRNOTAVAIL), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ECONNREFUSED):
		t.Skipf("AF_VSOCK loopback (VMADDR_CID_LOCAL) not offered by this kernel (connect: %v); load vsock_loopback (modprobe vsock_loopback) or run scripts/vmtest", err)
	default:
		t.Fatalf("connect to the loopback CID: %v", err)
	}
	require.NoError(t, l.Settimeout(5*time.Second))
	srv, peer, err := l.Accept()
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	cname, err := c.Getsockname()
	require.NoError(t, err)
	assert.Equal(t, cname, peer, "the accepted peer is the client's address")
	cpeer, err := c.Getpeername()
	require.NoError(t, err)
	assert.Equal(t, socket.VsockAddr{CID: socket.VMADDR_CID_LOCAL, Port: port}, cpeer)
	require.NoError(t, c.Sendall([]byte("over vsock")))
	require.NoError(t, srv.Settimeout(5*time.Second))
	got, err := srv.Recv(64)
	require.NoError(t, err)
	assert.Equal(t, "over vsock", string(got))
}
