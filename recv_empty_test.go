package socket_test

import (
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestRecvEmptyReturnsAtOnce: recv(0) and recv_into of an empty buffer
// return b"" and 0 at once in every timeout mode, with nothing queued, as
// CPython's do (they make no system call, which would wait for data).
func TestRecvEmptyReturnsAtOnce(t *testing.T) {
	for _, tt := range []struct {
		name    string
		timeout time.Duration
	}{
		{"blocking", socket.NoTimeout},
		{"non-blocking", 0},
		{"timeout", time.Hour},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
			if err := b.Settimeout(tt.timeout); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				got, err := b.Recv(0)
				if err != nil || len(got) != 0 {
					t.Errorf("Recv(0) = %q, %v; want b'', nil", got, err)
				}
				n, err := b.RecvInto([]byte{})
				if err != nil || n != 0 {
					t.Errorf("RecvInto(empty) = %d, %v; want 0, nil", n, err)
				}
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				b.Close()
				<-done
				t.Fatal("Recv(0) waited for data")
			}
		})
	}
}
