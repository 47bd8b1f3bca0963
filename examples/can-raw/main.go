//go:build linux

// Command can-raw is the CAN example of Python's socket documentation in Go:
// it binds a CAN_RAW socket to an interface, prints every frame it receives,
// echoes it back and sends a frame of its own (id 0x01, data 01 02 03) after
// each one.
//
//	can-raw [-i vcan0] [-n count]
//
// With -n it stops after count frames; without, it runs until killed.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/pysocket/socket"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "can-raw:", err)
		os.Exit(1)
	}
}

// buildCANFrame is Python's build_can_frame: the struct can_frame with
// can_dlc = len(data), the data padded to 8 bytes.
func buildCANFrame(canID uint32, data []byte) ([]byte, error) {
	return socket.CANFrame{ID: canID, Data: data}.MarshalBinary()
}

// dissectCANFrame is Python's dissect_can_frame: the id, the length and the
// data bytes.
func dissectCANFrame(frame []byte) (uint32, int, []byte, error) {
	var f socket.CANFrame
	if err := f.UnmarshalBinary(frame); err != nil {
		return 0, 0, nil, err
	}
	return f.ID, len(f.Data), f.Data, nil
}

// ready, when not nil, is called once the socket is bound (for tests).
var ready func()

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("can-raw", flag.ContinueOnError)
	iface := fs.String("i", "vcan0", "CAN interface")
	count := fs.Int("n", 0, "frames to handle before exiting (0: forever)")
	if err := fs.Parse(args); err != nil {
		return err
	}

	s, err := socket.New(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Bind(socket.CANAddr{Interface: *iface}); err != nil {
		return err
	}
	if ready != nil {
		ready()
	}

	for n := 0; *count == 0 || n < *count; n++ {
		cf, _, err := s.Recvfrom(socket.CAN_MTU)
		if err != nil {
			return err
		}
		id, dlc, data, err := dissectCANFrame(cf)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Received: can_id=%x, can_dlc=%x, data=%s\n", id, dlc, pyBytes(data))

		if _, err := s.Send(cf); err != nil {
			fmt.Fprintln(stdout, "Error sending CAN frame")
		}
		frame, err := buildCANFrame(0x01, []byte{0x01, 0x02, 0x03})
		if err != nil {
			return err
		}
		if _, err := s.Send(frame); err != nil {
			var se *socket.Error
			if !errors.As(err, &se) {
				return err
			}
			fmt.Fprintln(stdout, "Error sending CAN frame")
		}
	}
	return nil
}

// pyBytes formats b as Python's repr of bytes: b'\x01\x02\x03', b'abc'.
func pyBytes(b []byte) string {
	out := []byte("b'")
	for _, c := range b {
		switch {
		case c == '\\' || c == '\'':
			out = append(out, '\\', c)
		case c == '\t':
			out = append(out, `\t`...)
		case c == '\n':
			out = append(out, `\n`...)
		case c == '\r':
			out = append(out, `\r`...)
		case c >= 0x20 && c < 0x7f:
			out = append(out, c)
		default:
			out = append(out, fmt.Sprintf(`\x%02x`, c)...)
		}
	}
	return string(append(out, '\''))
}
