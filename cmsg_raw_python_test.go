//go:build linux

package socket_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pysocket/socket"
)

// TestParseControlMessagesMatchesPython sends the same datagrams to a
// CPython receiver (recvmsg with IP_RECVTOS and IP_RECVTTL on) and to
// Recvmmsg, and compares the (level, type, data) items that CPython's
// recvmsg returns with what ParseControlMessages makes of each Message's
// OOB. The TOS byte travels in a control message built with
// AppendControlMessage.
func TestParseControlMessagesMatchesPython(t *testing.T) {
	t.Parallel()
	a, b, _, bAddr := udpPair(t, socket.AF_INET)
	b.Settimeout(10 * time.Second)
	for _, opt := range []int{socket.IP_RECVTOS, socket.IP_RECVTTL} {
		if err := b.Setsockopt(socket.IPPROTO_IP, opt, 1); err != nil {
			t.Fatal(err)
		}
	}
	tos := []int{0x10, 0x28, 0xb8}
	py := mustNew(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	if err := py.Bind(socket.InetAddr{Host: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	pyAddr, _ := py.Getsockname()
	for _, opt := range []int{socket.IP_RECVTOS, socket.IP_RECVTTL} {
		if err := py.Setsockopt(socket.IPPROTO_IP, opt, 1); err != nil {
			t.Fatal(err)
		}
	}
	var msgs []socket.Message
	for _, v := range tos {
		oob := socket.AppendControlMessage(nil, socket.ControlMessage{Level: socket.IPPROTO_IP, Type: socket.IP_TOS, Data: []byte{byte(v)}})
		msgs = append(msgs,
			socket.Message{Buffers: [][]byte{[]byte("go")}, OOB: oob, Addr: bAddr},
			socket.Message{Buffers: [][]byte{[]byte("py")}, OOB: oob, Addr: pyAddr})
	}
	if n, err := a.Sendmmsg(msgs); n != len(msgs) || err != nil {
		t.Fatalf("Sendmmsg = %d, %v", n, err)
	}
	// CPython receives on the socket py and prints its items the same way
	// as below.
	out := pythonOnSocket(t, py, `
for _ in range(`+strconv.Itoa(len(tos))+`):
    data, anc, flags, addr = s.recvmsg(16, 256)
    print(' '.join('%d,%d,%s' % (l, t, d.hex()) for l, t, d in anc))
`)
	in := make([]socket.Message, len(tos))
	for i := range in {
		in[i] = socket.Message{Buffers: [][]byte{make([]byte, 16)}, OOB: make([]byte, 256)}
	}
	var lines []string
	for got := 0; got < len(tos); {
		n, err := b.Recvmmsg(in[got:])
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range in[got : got+n] {
			cms, err := socket.ParseControlMessages(m.OOB[:m.NN])
			if err != nil {
				t.Fatal(err)
			}
			var items []string
			for _, cm := range cms {
				items = append(items, fmt.Sprintf("%d,%d,%x", cm.Level, cm.Type, cm.Data))
			}
			lines = append(lines, strings.Join(items, " "))
		}
		got += n
	}
	want := strings.Split(strings.TrimSpace(out), "\n")
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("ParseControlMessages:\n%s\nCPython's recvmsg:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for i, l := range lines {
		if !strings.Contains(l, fmt.Sprintf("%d,%d,%02x", socket.IPPROTO_IP, socket.IP_TOS, tos[i])) {
			t.Errorf("datagram %d: items %q lack IP_TOS %#x", i, l, tos[i])
		}
	}
}
