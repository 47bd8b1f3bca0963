package socket_test

import (
	"bytes"
	"testing"

	"github.com/pysocket/socket"
)

// FuzzParseControlMessages parses arbitrary bytes: it never panics, every
// Data lies inside the input, and what parses lays out again with
// AppendControlMessage into bytes that parse to the same messages.
func FuzzParseControlMessages(f *testing.F) {
	var seed []byte
	seed = socket.AppendControlMessage(seed, socket.ControlMessage{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: []byte{3, 0, 0, 0, 4, 0, 0, 0}})
	seed = socket.AppendControlMessage(seed, socket.ControlMessage{Level: socket.IPPROTO_IP, Type: socket.IP_TTL, Data: []byte{64}})
	f.Add(seed)
	f.Add(seed[:len(seed)-3])
	f.Add([]byte{})
	f.Add(make([]byte, 16))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 2, 0, 0, 0})
	f.Fuzz(func(t *testing.T, oob []byte) {
		cms, err := socket.ParseControlMessages(oob)
		if err != nil {
			if cms != nil {
				t.Fatalf("messages %v with error %v", cms, err)
			}
			return
		}
		var again []byte
		for _, cm := range cms {
			if len(cm.Data) > 0 && !inside(cm.Data, oob) {
				t.Fatalf("Data %x is not inside the input", cm.Data)
			}
			again = socket.AppendControlMessage(again, cm)
		}
		back, err := socket.ParseControlMessages(again)
		if err != nil || len(back) != len(cms) {
			t.Fatalf("laid out again: %d messages, %v; want %d", len(back), err, len(cms))
		}
		for i := range back {
			if back[i].Level != cms[i].Level || back[i].Type != cms[i].Type || !bytes.Equal(back[i].Data, cms[i].Data) {
				t.Fatalf("message %d: %+v, then %+v", i, cms[i], back[i])
			}
		}
	})
}

// inside reports whether sub's bytes lie within b's.
func inside(sub, b []byte) bool {
	for i := 0; i+len(sub) <= len(b); i++ {
		if &b[i] == &sub[0] {
			return true
		}
	}
	return false
}
