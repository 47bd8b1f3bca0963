package socket_test

import (
	"errors"
	"os"
	"testing"

	"github.com/pysocket/socket"
)

// TestClosedSocketOpNames: every method of a closed socket fails with an
// *Error whose Op is the Python name of the method that was called.
func TestClosedSocketOpNames(t *testing.T) {
	s := mustNew(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	s.Close()
	addr := socket.InetAddr{Host: "127.0.0.1", Port: 1}
	buf := make([]byte, 4)
	tests := []struct {
		name string
		op   string
		call func() error
	}{
		{"Accept", "accept", func() error { _, _, err := s.Accept(); return err }},
		{"Bind", "bind", func() error { return s.Bind(addr) }},
		{"Connect", "connect", func() error { return s.Connect(addr) }},
		{"ConnectEx", "connect_ex", func() error { _, err := s.ConnectEx(addr); return err }},
		{"Dup", "dup", func() error { _, err := s.Dup(); return err }},
		{"GetInheritable", "get_inheritable", func() error { _, err := s.GetInheritable(); return err }},
		{"SetInheritable", "set_inheritable", func() error { return s.SetInheritable(true) }},
		{"Getpeername", "getpeername", func() error { _, err := s.Getpeername(); return err }},
		{"Getsockname", "getsockname", func() error { _, err := s.Getsockname(); return err }},
		{"Getsockopt", "getsockopt", func() error { _, err := s.Getsockopt(socket.SOL_SOCKET, socket.SO_TYPE); return err }},
		{"Setsockopt", "setsockopt", func() error { return s.Setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) }},
		{"Listen", "listen", func() error { return s.Listen(1) }},
		{"Recv", "recv", func() error { _, err := s.Recv(4); return err }},
		{"RecvInto", "recv_into", func() error { _, err := s.RecvInto(buf); return err }},
		{"Recvfrom", "recvfrom", func() error { _, _, err := s.Recvfrom(4); return err }},
		{"RecvfromInto", "recvfrom_into", func() error { _, _, err := s.RecvfromInto(buf); return err }},
		{"Recvmsg", "recvmsg", func() error { _, _, _, _, err := s.Recvmsg(4, 0); return err }},
		{"RecvmsgInto", "recvmsg_into", func() error { _, _, _, _, err := s.RecvmsgInto([][]byte{buf}, 0); return err }},
		{"Send", "send", func() error { _, err := s.Send(buf); return err }},
		{"Sendall", "sendall", func() error { return s.Sendall(buf) }},
		{"Sendto", "sendto", func() error { _, err := s.Sendto(buf, addr); return err }},
		{"Sendmsg", "sendmsg", func() error { _, err := s.Sendmsg([][]byte{buf}, nil, nil); return err }},
		{"Setblocking", "setblocking", func() error { return s.Setblocking(false) }},
		{"Settimeout", "settimeout", func() error { return s.Settimeout(1) }},
		{"Shutdown", "shutdown", func() error { return s.Shutdown(socket.SHUT_RDWR) }},
		{"Makefile", "makefile", func() error { _, err := s.Makefile("rb"); return err }},
		{"Sendfile", "sendfile", func() error {
			f, err := os.Open(os.DevNull)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			_, err = s.Sendfile(f, 0, 0)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var se *socket.Error
			if !errors.As(err, &se) {
				t.Fatalf("got %v (%T), want a *socket.Error", err, err)
			}
			if se.Op != tt.op {
				t.Errorf("Op %q, want %q (%v)", se.Op, tt.op, err)
			}
		})
	}
}
