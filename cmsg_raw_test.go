package socket_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/pysocket/socket"
)

// TestAppendParseControlMessages lays out control messages with
// AppendControlMessage, checks each takes CMSG_SPACE bytes, and parses them
// back.
func TestAppendParseControlMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cms  []socket.ControlMessage
	}{
		{"none", nil},
		{"one int", []socket.ControlMessage{{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: []byte{1, 0, 0, 0}}}},
		{"empty data", []socket.ControlMessage{{Level: socket.IPPROTO_IP, Type: socket.IP_TOS, Data: []byte{}}}},
		{"unaligned lengths", []socket.ControlMessage{
			{Level: socket.IPPROTO_IP, Type: socket.IP_TTL, Data: []byte{64}},
			{Level: socket.IPPROTO_IPV6, Type: socket.IPV6_HOPLIMIT, Data: []byte{1, 2, 3, 4, 5}},
			{Level: 7, Type: -1, Data: bytes.Repeat([]byte{0xab}, 33)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var oob []byte
			want := 0
			for _, cm := range tt.cms {
				oob = socket.AppendControlMessage(oob, cm)
				n, err := socket.CMSG_SPACE(len(cm.Data))
				if err != nil {
					t.Fatal(err)
				}
				want += n
				if len(oob) != want {
					t.Fatalf("after %v: %d bytes, want CMSG_SPACE sum %d", cm, len(oob), want)
				}
			}
			got, err := socket.ParseControlMessages(oob)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.cms) {
				t.Fatalf("parsed %d messages, want %d", len(got), len(tt.cms))
			}
			for i := range got {
				if got[i].Level != tt.cms[i].Level || got[i].Type != tt.cms[i].Type || !bytes.Equal(got[i].Data, tt.cms[i].Data) {
					t.Errorf("message %d: %+v, want %+v", i, got[i], tt.cms[i])
				}
			}
			// The last message's padding may be cut, as the kernel cuts it.
			if len(tt.cms) > 0 {
				last := tt.cms[len(tt.cms)-1]
				l, _ := socket.CMSG_LEN(len(last.Data))
				sp, _ := socket.CMSG_SPACE(len(last.Data))
				cut := len(oob) - sp + l
				if got, err := socket.ParseControlMessages(oob[:cut]); err != nil || len(got) != len(tt.cms) {
					t.Errorf("without the last padding: %d messages, %v", len(got), err)
				}
			}
		})
	}
}

// TestParseControlMessagesMalformed: every malformed layout is a
// *ValueError naming oob; nothing panics.
func TestParseControlMessagesMalformed(t *testing.T) {
	t.Parallel()
	good := socket.AppendControlMessage(nil, socket.ControlMessage{Level: 1, Type: 2, Data: []byte{1, 2, 3, 4}})
	hdr, _ := socket.CMSG_LEN(0)
	tests := []struct {
		name string
		oob  []byte
	}{
		{"short header", good[:hdr-1]},
		{"zero cmsg_len", make([]byte, hdr)},
		{"cmsg_len past the end", good[:hdr+2]},
		{"good then garbage", append(append([]byte(nil), good...), 1, 2, 3)},
		{"unrepresentable level", socket.AppendControlMessage(nil, socket.ControlMessage{Level: beyondCInt, Type: 1})},
		{"unrepresentable type", socket.AppendControlMessage(good, socket.ControlMessage{Level: 1, Type: -beyondCInt})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.HasPrefix(tt.name, "unrepresentable") && beyondCInt == 0 {
				t.Skip("every int is a C int where int is 32 bits")
			}
			got, err := socket.ParseControlMessages(tt.oob)
			var ve *socket.ValueError
			if !errors.As(err, &ve) || ve.Arg != "oob" || got != nil {
				t.Fatalf("ParseControlMessages(%x) = %v, %v; want a *ValueError naming oob", tt.oob, got, err)
			}
		})
	}
}

// beyondCInt is 2**40 where int is 64 bits wide (no C int holds it), and 0
// where int is 32 bits and every int is a C int.
var beyondCInt = int(int64(1) << 40 & int64(^uint(0)>>1))
