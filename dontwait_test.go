package socket_test

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestMessagePathDontwait checks that MSG_DONTWAIT makes each call on the
// message path one attempt on a blocking socket, as in Python, where it
// raises BlockingIOError at once instead of waiting.
func TestMessagePathDontwait(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		call func(a *socket.Socket) error
	}{
		{"Recvmsg", func(a *socket.Socket) error {
			_, _, _, _, err := a.Recvmsg(16, 0, socket.MSG_DONTWAIT)
			return err
		}},
		{"RecvmsgInto", func(a *socket.Socket) error {
			_, _, _, _, err := a.RecvmsgInto([][]byte{make([]byte, 16)}, 0, socket.MSG_DONTWAIT)
			return err
		}},
		{"RecvFds", func(a *socket.Socket) error {
			_, _, _, _, err := socket.RecvFds(a, 16, 1, socket.MSG_DONTWAIT)
			return err
		}},
		{"Sendmsg", func(a *socket.Socket) error {
			buf := make([]byte, 4096)
			for {
				if _, err := a.Sendmsg([][]byte{buf}, nil, nil, socket.MSG_DONTWAIT); err != nil {
					return err
				}
			}
		}},
		{"SendFds", func(a *socket.Socket) error {
			buf := make([]byte, 4096)
			for {
				if _, err := socket.SendFds(a, [][]byte{buf}, []int{0}, nil, socket.MSG_DONTWAIT); err != nil {
					return err
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, _ := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
			// A blocking socket; the deadline only stops a wrong wait.
			if err := a.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
				t.Fatal(err)
			}
			err := tt.call(a)
			if !errors.Is(err, syscall.EAGAIN) {
				t.Fatalf("err = %v, want EAGAIN (Python's BlockingIOError)", err)
			}
		})
	}
}
