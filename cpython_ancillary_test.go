//go:build linux

package socket_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// test_socket's ancillary data classes: SCMRightsTest over UNIX stream
// sockets, RFC3542AncillaryTest over UDP6 and UDPLITE6, CmsgMacroTests;
// each with recvmsg and with recvmsg_into.

const sizeofInt = 4 // SIZEOF_INT

// intsBytes is array.array("i", v).tobytes().
func intsBytes(v ...int) []byte {
	b := make([]byte, 0, 4*len(v))
	for _, x := range v {
		b = binary.NativeEndian.AppendUint32(b, uint32(int32(x)))
	}
	return b
}

// bytesInts is array.array("i").frombytes(b) over the whole ints of b.
func bytesInts(b []byte) []int {
	var v []int
	for len(b) >= 4 {
		v = append(v, int(int32(binary.NativeEndian.Uint32(b))))
		b = b[4:]
	}
	return v
}

// closeRecvmsgFDs closes the descriptors that arrived in SCM_RIGHTS.
func closeRecvmsgFDs(anc []socket.ControlMessage) {
	for _, c := range anc {
		if c.Level == socket.SOL_SOCKET && c.Type == socket.SCM_RIGHTS {
			for _, fd := range bytesInts(c.Data) {
				unix.Close(fd)
			}
		}
	}
}

// newFDs is SCMRightsTest.newFDs: n descriptors of new files, each holding
// its index in ASCII.
func newFDs(t tb, n int) []int {
	t.Helper()
	var fds []int
	for i := range n {
		f, err := os.CreateTemp("", "scm")
		if err != nil {
			t.Fatal(err)
		}
		path := f.Name()
		f.Close()
		fd, err := unix.Open(path, unix.O_RDWR|unix.O_CLOEXEC, 0)
		os.Remove(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { unix.Close(fd) })
		if _, err := unix.Write(fd, []byte(strconv.Itoa(i))); err != nil {
			t.Fatal(err)
		}
		fds = append(fds, fd)
	}
	return fds
}

// checkFDs is SCMRightsTest.checkFDs.
func checkFDs(t tb, fds []int) {
	t.Helper()
	for n, fd := range fds {
		if _, err := unix.Seek(fd, 0, 0); err != nil {
			t.Errorf("lseek(%d): %v", fd, err)
			continue
		}
		buf := make([]byte, 1024)
		k, err := unix.Read(fd, buf)
		if err != nil {
			t.Errorf("read(%d): %v", fd, err)
			continue
		}
		assertEqualBytes(t, buf[:k], []byte(strconv.Itoa(n)))
	}
}

const badfd = -0x5555

func rights(fds ...int) socket.ControlMessage {
	return socket.ControlMessage{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: intsBytes(fds...)}
}

func createAndSendFDs(t tb, e *msgEnv, n int) {
	t.Helper()
	k, err := e.sendmsgToServer([][]byte{pyMSG}, []socket.ControlMessage{rights(newFDs(t, n)...)}, 0)
	noErr(t, err)
	assertEqual(t, k, len(pyMSG))
}

// sendAncillaryIfPossible sends msg with ancdata, or without it where the
// system call refuses the ancillary data.
func sendAncillaryIfPossible(t tb, e *msgEnv, anc []socket.ControlMessage) {
	t.Helper()
	n, err := e.sendmsgToServer([][]byte{pyMSG}, anc, 0)
	if err != nil {
		if !isErrno(err) {
			t.Errorf("sendmsg refused %v without an errno: %v", anc, err)
		}
		n, err = e.sendmsgToServer([][]byte{pyMSG}, nil, 0)
		noErr(t, err)
	}
	assertEqual(t, n, len(pyMSG))
}

func checkRecvmsgFDs(t tb, e *msgEnv, numfds int, r msgResult, maxcmsgs, ignoreflags int) {
	t.Helper()
	assertEqualBytes(t, r.msg, pyMSG)
	e.checkRecvmsgAddress(t, r.addr)
	e.checkFlags(t, r.flags, eorTrue, 0, socket.MSG_CTRUNC, ignoreflags)
	if len(r.anc) > maxcmsgs {
		t.Errorf("%d control messages, want at most %d", len(r.anc), maxcmsgs)
	}
	var fds []int
	for _, c := range r.anc {
		assertEqual(t, c.Level, socket.SOL_SOCKET)
		assertEqual(t, c.Type, socket.SCM_RIGHTS)
		assertEqual(t, len(c.Data)%sizeofInt, 0)
		fds = append(fds, bytesInts(c.Data)...)
	}
	assertEqual(t, len(fds), numfds)
	checkFDs(t, fds)
}

func checkTruncatedHeader(t tb, e *msgEnv, r msgResult, ignoreflags int) {
	t.Helper()
	assertEqualBytes(t, r.msg, pyMSG)
	e.checkRecvmsgAddress(t, r.addr)
	assertEqual(t, len(r.anc), 0)
	e.checkFlags(t, r.flags, eorTrue, socket.MSG_CTRUNC, 0, ignoreflags)
}

// skipQemuFdTrunc skips an SCM_RIGHTS truncation case under qemu-user, as
// TestFdPassingTruncated does: qemu-user receives into a control buffer of
// its own, keeps the descriptors that do not fit in the caller's open in
// this process, and says no MSG_CTRUNC. The client half sends first, so
// that it does not meet a closed peer.
func skipQemuFdTrunc(t *testing.T, e *msgEnv) {
	t.Helper()
	if on, _ := underQemuUser(); on {
		select {
		case <-e.base().done:
		case <-time.After(10 * time.Second):
		}
	}
	skipQemu(t, "recvmsg(2) with a control buffer too small for the descriptors sent", errors.New("descriptors past the control buffer stay open, without MSG_CTRUNC"))
}

func checkTruncatedArray(t *testing.T, e *msgEnv, ancbuf, maxdata, mindata int) {
	t.Helper()
	skipQemuFdTrunc(t, e)
	r := e.mustRecvmsg(t, len(pyMSG), ancbuf)
	assertEqualBytes(t, r.msg, pyMSG)
	e.checkRecvmsgAddress(t, r.addr)
	e.checkFlags(t, r.flags, eorTrue, socket.MSG_CTRUNC, 0, 0)
	if mindata == 0 && len(r.anc) == 0 {
		return
	}
	if len(r.anc) != 1 {
		t.Fatalf("%d control messages, want 1", len(r.anc))
	}
	c := r.anc[0]
	assertEqual(t, c.Level, socket.SOL_SOCKET)
	assertEqual(t, c.Type, socket.SCM_RIGHTS)
	if len(c.Data) < mindata || len(c.Data) > maxdata {
		t.Errorf("%d bytes of descriptors, want %d to %d", len(c.Data), mindata, maxdata)
	}
	checkFDs(t, bytesInts(c.Data))
}

func mustCMSG(t tb, f func(int) (int, error), n int) int {
	t.Helper()
	v, err := f(n)
	noErr(t, err)
	return v
}

// SCMRightsTest.
func scmRightsTests() []pyCase[*msgEnv] {
	send := func(n int) func(t tb, e *msgEnv) {
		return func(t tb, e *msgEnv) { createAndSendFDs(t, e, n) }
	}
	sendSeparate := func(t tb, e *msgEnv) {
		fds := newFDs(t, 2)
		n, err := e.sendmsgToServer([][]byte{pyMSG}, []socket.ControlMessage{rights(fds[0]), rights(fds[1])}, 0)
		noErr(t, err)
		assertEqual(t, n, len(pyMSG))
	}
	trunc := func(anc, ignore int) func(t *testing.T, e *msgEnv) {
		return func(t *testing.T, e *msgEnv) {
			skipQemuFdTrunc(t, e)
			checkTruncatedHeader(t, e, e.mustRecvmsg(t, len(pyMSG), anc), ignore)
		}
	}
	cl := func(n int) int { v, _ := socket.CMSG_LEN(n); return v }
	sp := func(n int) int { v, _ := socket.CMSG_SPACE(n); return v }
	return []pyCase[*msgEnv]{
		{"testFDPassSimple", func(t *testing.T, e *msgEnv) {
			checkRecvmsgFDs(t, e, 1, e.mustRecvmsg(t, len(pyMSG), 10240), 1, 0)
		}, func(t tb, e *msgEnv) {
			n, err := e.sendmsgToServer([][]byte{pyMSG}, []socket.ControlMessage{rights(newFDs(t, 1)...)}, 0)
			noErr(t, err)
			assertEqual(t, n, len(pyMSG))
		}},
		{"testMultipleFDPass", func(t *testing.T, e *msgEnv) {
			checkRecvmsgFDs(t, e, 4, e.mustRecvmsg(t, len(pyMSG), 10240), 1, 0)
		}, send(4)},
		{"testFDPassCMSG_SPACE", func(t *testing.T, e *msgEnv) {
			checkRecvmsgFDs(t, e, 4, e.mustRecvmsg(t, len(pyMSG), mustCMSG(t, socket.CMSG_SPACE, 4*sizeofInt)), 1, 0)
		}, send(4)},
		{"testFDPassCMSG_LEN", func(t *testing.T, e *msgEnv) {
			checkRecvmsgFDs(t, e, 1, e.mustRecvmsg(t, len(pyMSG), mustCMSG(t, socket.CMSG_LEN, 4*sizeofInt)), 1, socket.MSG_CTRUNC)
		}, send(1)},
		{"testFDPassSeparate", func(t *testing.T, e *msgEnv) {
			checkRecvmsgFDs(t, e, 2, e.mustRecvmsg(t, len(pyMSG), 10240), 2, 0)
		}, sendSeparate},
		{"testFDPassSeparateMinSpace", func(t *testing.T, e *msgEnv) {
			checkRecvmsgFDs(t, e, 2, e.mustRecvmsg(t, len(pyMSG), sp(sizeofInt)+cl(sizeofInt*2)), 2, socket.MSG_CTRUNC)
		}, sendSeparate},
		{"testFDPassEmpty", func(t *testing.T, e *msgEnv) {
			checkRecvmsgFDs(t, e, 0, e.mustRecvmsg(t, len(pyMSG), 10240), 1, socket.MSG_CTRUNC)
		}, func(t tb, e *msgEnv) {
			sendAncillaryIfPossible(t, e, []socket.ControlMessage{{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: []byte{}}})
		}},
		{"testFDPassPartialInt", func(t *testing.T, e *msgEnv) {
			r := e.mustRecvmsg(t, len(pyMSG), 10240)
			assertEqualBytes(t, r.msg, pyMSG)
			e.checkRecvmsgAddress(t, r.addr)
			e.checkFlags(t, r.flags, eorTrue, 0, 0, socket.MSG_CTRUNC)
			if len(r.anc) > 1 {
				t.Errorf("%d control messages, want at most 1", len(r.anc))
			}
			for _, c := range r.anc {
				assertEqual(t, c.Level, socket.SOL_SOCKET)
				assertEqual(t, c.Type, socket.SCM_RIGHTS)
				if len(c.Data) >= sizeofInt {
					t.Errorf("%d bytes of descriptors, want fewer than %d", len(c.Data), sizeofInt)
				}
			}
		}, func(t tb, e *msgEnv) {
			b := intsBytes(badfd)
			sendAncillaryIfPossible(t, e, []socket.ControlMessage{{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: b[:len(b)-1]}})
		}},
		{"testFDPassPartialIntInMiddle", func(t *testing.T, e *msgEnv) {
			r := e.mustRecvmsg(t, len(pyMSG), 10240)
			assertEqualBytes(t, r.msg, pyMSG)
			e.checkRecvmsgAddress(t, r.addr)
			e.checkFlags(t, r.flags, eorTrue, 0, 0, socket.MSG_CTRUNC)
			if len(r.anc) > 2 {
				t.Errorf("%d control messages, want at most 2", len(r.anc))
			}
			var fds []int
			for _, c := range r.anc {
				assertEqual(t, c.Level, socket.SOL_SOCKET)
				assertEqual(t, c.Type, socket.SCM_RIGHTS)
				fds = append(fds, bytesInts(c.Data)...)
			}
			if len(fds) > 2 {
				t.Errorf("%d descriptors, want at most 2", len(fds))
			}
			checkFDs(t, fds)
		}, func(t tb, e *msgEnv) {
			fds := newFDs(t, 2)
			b := intsBytes(fds[0], badfd)
			sendAncillaryIfPossible(t, e, []socket.ControlMessage{
				{Level: socket.SOL_SOCKET, Type: socket.SCM_RIGHTS, Data: b[:len(b)-1]},
				rights(fds[1]),
			})
		}},
		{"testCmsgTruncNoBufSize", func(t *testing.T, e *msgEnv) {
			skipQemuFdTrunc(t, e)
			checkTruncatedHeader(t, e, e.mustRecvmsg(t, len(pyMSG)), socket.MSG_CTRUNC)
		}, send(1)},
		{"testCmsgTrunc0", trunc(0, socket.MSG_CTRUNC), send(1)},
		{"testCmsgTrunc1", trunc(1, 0), send(1)},
		{"testCmsgTrunc2Int", trunc(2*sizeofInt, 0), send(1)},
		{"testCmsgTruncLen0Minus1", trunc(cl(0)-1, 0), send(1)},
		{"testCmsgTruncLen0", func(t *testing.T, e *msgEnv) { checkTruncatedArray(t, e, cl(0), 0, 0) }, send(1)},
		{"testCmsgTruncLen0Plus1", func(t *testing.T, e *msgEnv) { checkTruncatedArray(t, e, cl(0)+1, 1, 0) }, send(2)},
		{"testCmsgTruncLen1", func(t *testing.T, e *msgEnv) { checkTruncatedArray(t, e, cl(sizeofInt), sizeofInt, 0) }, send(2)},
		{"testCmsgTruncLen2Minus1", func(t *testing.T, e *msgEnv) {
			checkTruncatedArray(t, e, cl(2*sizeofInt)-1, 2*sizeofInt-1, 0)
		}, send(2)},
	}
}

// RFC3542AncillaryTest.
const (
	hopLimit     = 2
	trafficClass = -1
)

func enableRecv(t *testing.T, e *msgEnv, opts ...int) {
	t.Helper()
	for _, o := range opts {
		noErr(t, e.serv.Setsockopt(socket.IPPROTO_IPV6, o, 1))
	}
	e.set()
}

func checkHopLimit(t *testing.T, e *msgEnv, ancbufsize, maxhop, ignoreflags int) {
	t.Helper()
	enableRecv(t, e, socket.IPV6_RECVHOPLIMIT)
	r := e.mustRecvmsg(t, len(pyMSG), ancbufsize)
	assertEqualBytes(t, r.msg, pyMSG)
	e.checkRecvmsgAddress(t, r.addr)
	e.checkFlags(t, r.flags, eorTrue, 0, socket.MSG_CTRUNC, ignoreflags)
	if len(r.anc) != 1 {
		t.Fatalf("%d control messages, want 1", len(r.anc))
	}
	c := r.anc[0]
	assertEqual(t, c.Level, socket.IPPROTO_IPV6)
	assertEqual(t, c.Type, socket.IPV6_HOPLIMIT)
	assertEqual(t, len(c.Data), sizeofInt)
	checkIntRange(t, c.Data, maxhop)
}

func checkIntRange(t tb, data []byte, hi int) {
	t.Helper()
	v := bytesInts(data)
	if len(v) != 1 || v[0] < 0 || v[0] > hi {
		t.Errorf("value %v, want one int in 0..%d", v, hi)
	}
}

func checkTrafficClassAndHopLimit(t *testing.T, e *msgEnv, ancbufsize, maxhop, ignoreflags int) {
	t.Helper()
	enableRecv(t, e, socket.IPV6_RECVHOPLIMIT, socket.IPV6_RECVTCLASS)
	r := e.mustRecvmsg(t, len(pyMSG), ancbufsize)
	assertEqualBytes(t, r.msg, pyMSG)
	e.checkRecvmsgAddress(t, r.addr)
	e.checkFlags(t, r.flags, eorTrue, 0, socket.MSG_CTRUNC, ignoreflags)
	if len(r.anc) != 2 {
		t.Fatalf("%d control messages, want 2", len(r.anc))
	}
	m := map[[2]int][]byte{}
	for _, c := range r.anc {
		k := [2]int{c.Level, c.Type}
		if _, dup := m[k]; dup {
			t.Errorf("%v twice", k)
		}
		m[k] = c.Data
	}
	tc := m[[2]int{socket.IPPROTO_IPV6, socket.IPV6_TCLASS}]
	assertEqual(t, len(tc), sizeofInt)
	if len(tc) == 4 && tc[0] != 0 && tc[1]|tc[2]|tc[3] == 0 && binary.NativeEndian.Uint32(tc) > 255 {
		skipQemu(t, "recvmsg(2)'s IPV6_TCLASS control message, which it passes on without byte-swapping", fmt.Errorf("traffic class bytes %x", tc))
	}
	checkIntRange(t, tc, 255)
	hl := m[[2]int{socket.IPPROTO_IPV6, socket.IPV6_HOPLIMIT}]
	assertEqual(t, len(hl), sizeofInt)
	checkIntRange(t, hl, maxhop)
}

func checkHopLimitTruncatedHeader(t *testing.T, e *msgEnv, args []int, ignoreflags int) {
	t.Helper()
	enableRecv(t, e, socket.IPV6_RECVHOPLIMIT)
	r := e.mustRecvmsg(t, len(pyMSG), args...)
	assertEqualBytes(t, r.msg, pyMSG)
	e.checkRecvmsgAddress(t, r.addr)
	assertEqual(t, len(r.anc), 0)
	e.checkFlags(t, r.flags, eorTrue, socket.MSG_CTRUNC, 0, ignoreflags)
}

func checkTruncatedSecondHeader(t *testing.T, e *msgEnv, ancbufsize, ignoreflags int) {
	t.Helper()
	enableRecv(t, e, socket.IPV6_RECVHOPLIMIT, socket.IPV6_RECVTCLASS)
	r := e.mustRecvmsg(t, len(pyMSG), ancbufsize)
	assertEqualBytes(t, r.msg, pyMSG)
	e.checkRecvmsgAddress(t, r.addr)
	e.checkFlags(t, r.flags, eorTrue, socket.MSG_CTRUNC, 0, ignoreflags)
	if len(r.anc) != 1 {
		t.Fatalf("%d control messages, want 1", len(r.anc))
	}
	c := r.anc[0]
	assertEqual(t, c.Level, socket.IPPROTO_IPV6)
	if c.Type != socket.IPV6_TCLASS && c.Type != socket.IPV6_HOPLIMIT {
		t.Errorf("type %d, want IPV6_TCLASS or IPV6_HOPLIMIT", c.Type)
	}
	assertEqual(t, len(c.Data), sizeofInt)
	checkIntRange(t, c.Data, 255)
}

func rfc3542Tests() []pyCase[*msgEnv] {
	cl := func(n int) int { v, _ := socket.CMSG_LEN(n); return v }
	sp := func(n int) int { v, _ := socket.CMSG_SPACE(n); return v }
	waitSend := func(t tb, e *msgEnv) { e.wait(t); e.sendToServer(t, pyMSG) }
	hl := socket.ControlMessage{Level: socket.IPPROTO_IPV6, Type: socket.IPV6_HOPLIMIT, Data: intsBytes(hopLimit)}
	tc := socket.ControlMessage{Level: socket.IPPROTO_IPV6, Type: socket.IPV6_TCLASS, Data: intsBytes(trafficClass)}
	sendAnc := func(anc ...socket.ControlMessage) func(t tb, e *msgEnv) {
		return func(t tb, e *msgEnv) {
			e.wait(t)
			n, err := e.sendmsgToServer([][]byte{pyMSG}, anc, 0)
			noErr(t, err)
			assertEqual(t, n, len(pyMSG))
		}
	}
	hdr := func(ignore int, args ...int) func(t *testing.T, e *msgEnv) {
		return func(t *testing.T, e *msgEnv) { checkHopLimitTruncatedHeader(t, e, args, ignore) }
	}
	second := func(anc, ignore int) func(t *testing.T, e *msgEnv) {
		return func(t *testing.T, e *msgEnv) { checkTruncatedSecondHeader(t, e, anc, ignore) }
	}
	return []pyCase[*msgEnv]{
		{"testRecvHopLimit", func(t *testing.T, e *msgEnv) { checkHopLimit(t, e, 10240, 255, 0) }, waitSend},
		{"testRecvHopLimitCMSG_SPACE", func(t *testing.T, e *msgEnv) { checkHopLimit(t, e, sp(sizeofInt), 255, 0) }, waitSend},
		{"testSetHopLimit", func(t *testing.T, e *msgEnv) { checkHopLimit(t, e, 10240, hopLimit, 0) }, sendAnc(hl)},
		{"testRecvTrafficClassAndHopLimit", func(t *testing.T, e *msgEnv) {
			checkTrafficClassAndHopLimit(t, e, 10240, 255, 0)
		}, waitSend},
		{"testRecvTrafficClassAndHopLimitCMSG_SPACE", func(t *testing.T, e *msgEnv) {
			checkTrafficClassAndHopLimit(t, e, sp(sizeofInt)*2, 255, 0)
		}, waitSend},
		{"testSetTrafficClassAndHopLimit", func(t *testing.T, e *msgEnv) {
			checkTrafficClassAndHopLimit(t, e, 10240, hopLimit, 0)
		}, sendAnc(tc, hl)},
		{"testOddCmsgSize", func(t *testing.T, e *msgEnv) {
			checkTrafficClassAndHopLimit(t, e, 10240, hopLimit, 0)
		}, func(t tb, e *msgEnv) {
			e.wait(t)
			odd := socket.ControlMessage{Level: tc.Level, Type: tc.Type, Data: append(intsBytes(trafficClass), 0)}
			n, err := e.sendmsgToServer([][]byte{pyMSG}, []socket.ControlMessage{odd, hl}, 0)
			if err != nil {
				if !isErrno(err) {
					t.Errorf("sendmsg refused the odd size without an errno: %v", err)
				}
				n, err = e.sendmsgToServer([][]byte{pyMSG}, []socket.ControlMessage{tc, hl}, 0)
				noErr(t, err)
			}
			assertEqual(t, n, len(pyMSG))
		}},
		{"testCmsgTruncNoBufSize", hdr(socket.MSG_CTRUNC), waitSend},
		{"testSingleCmsgTrunc0", hdr(socket.MSG_CTRUNC, 0), waitSend},
		{"testSingleCmsgTrunc1", hdr(0, 1), waitSend},
		{"testSingleCmsgTrunc2Int", hdr(0, 2*sizeofInt), waitSend},
		{"testSingleCmsgTruncLen0Minus1", hdr(0, cl(0)-1), waitSend},
		{"testSingleCmsgTruncInData", func(t *testing.T, e *msgEnv) {
			enableRecv(t, e, socket.IPV6_RECVHOPLIMIT)
			r := e.mustRecvmsg(t, len(pyMSG), cl(sizeofInt)-1)
			assertEqualBytes(t, r.msg, pyMSG)
			e.checkRecvmsgAddress(t, r.addr)
			e.checkFlags(t, r.flags, eorTrue, socket.MSG_CTRUNC, 0, 0)
			if len(r.anc) > 1 {
				t.Errorf("%d control messages, want at most 1", len(r.anc))
			}
			if len(r.anc) == 1 {
				c := r.anc[0]
				assertEqual(t, c.Level, socket.IPPROTO_IPV6)
				assertEqual(t, c.Type, socket.IPV6_HOPLIMIT)
				if len(c.Data) >= sizeofInt {
					t.Errorf("%d bytes, want fewer than %d", len(c.Data), sizeofInt)
				}
			}
		}, waitSend},
		{"testSecondCmsgTrunc0", second(sp(sizeofInt), socket.MSG_CTRUNC), waitSend},
		{"testSecondCmsgTrunc1", second(sp(sizeofInt)+1, 0), waitSend},
		{"testSecondCmsgTrunc2Int", second(sp(sizeofInt)+2*sizeofInt, 0), waitSend},
		{"testSecondCmsgTruncLen0Minus1", second(sp(sizeofInt)+cl(0)-1, 0), waitSend},
		{"testSecondCmsgTruncInData", func(t *testing.T, e *msgEnv) {
			enableRecv(t, e, socket.IPV6_RECVHOPLIMIT, socket.IPV6_RECVTCLASS)
			r := e.mustRecvmsg(t, len(pyMSG), sp(sizeofInt)+cl(sizeofInt)-1)
			assertEqualBytes(t, r.msg, pyMSG)
			e.checkRecvmsgAddress(t, r.addr)
			e.checkFlags(t, r.flags, eorTrue, socket.MSG_CTRUNC, 0, 0)
			types := map[int]bool{socket.IPV6_TCLASS: true, socket.IPV6_HOPLIMIT: true}
			if len(r.anc) == 0 {
				t.Fatal("no control message")
			}
			c := r.anc[0]
			assertEqual(t, c.Level, socket.IPPROTO_IPV6)
			if !types[c.Type] {
				t.Errorf("type %d not expected", c.Type)
			}
			delete(types, c.Type)
			assertEqual(t, len(c.Data), sizeofInt)
			checkIntRange(t, c.Data, 255)
			if len(r.anc) > 1 {
				c := r.anc[1]
				assertEqual(t, c.Level, socket.IPPROTO_IPV6)
				if !types[c.Type] {
					t.Errorf("type %d not expected", c.Type)
				}
				if len(c.Data) >= sizeofInt {
					t.Errorf("%d bytes, want fewer than %d", len(c.Data), sizeofInt)
				}
			}
			if len(r.anc) > 2 {
				t.Errorf("%d control messages, want at most 2", len(r.anc))
			}
		}, waitSend},
	}
}

// plainEnv is a plain TestCase's environment: nothing shared.
type plainEnv struct{ pyBase }

func plainSetUp(t *testing.T) *plainEnv { return &plainEnv{pyBase{event: make(chan struct{})}} }

// socklenTLimit is socketmodule.c's limit, min(0x7fffffff, INT_MAX).
const socklenTLimit = 0x7fffffff

func init() {
	fdsSetUp := func(into bool) func(t *testing.T) *msgEnv {
		up := msgSetUp(trUnix, into, true)
		return func(t *testing.T) *msgEnv { e := up(t); e.fdsTest = true; return e }
	}
	register(pyClass[*msgEnv]{name: "RecvmsgSCMRightsStreamTest", setUp: fdsSetUp(false), cases: scmRightsTests()})
	register(pyClass[*msgEnv]{name: "RecvmsgIntoSCMRightsStreamTest", setUp: fdsSetUp(true), cases: scmRightsTests()})
	for _, tr := range []msgTransport{trUDP6, trUDPLITE6} {
		register(pyClass[*msgEnv]{name: "RecvmsgRFC3542Ancillary" + tr.name + "Test", setUp: msgSetUp(tr, false, true), cases: rfc3542Tests()})
		register(pyClass[*msgEnv]{name: "RecvmsgIntoRFC3542Ancillary" + tr.name + "Test", setUp: msgSetUp(tr, true, true), cases: rfc3542Tests()})
	}
	register(pyClass[*plainEnv]{name: "CmsgMacroTests", setUp: plainSetUp, cases: []pyCase[*plainEnv]{
		{"testCMSG_LEN", func(t *testing.T, _ *plainEnv) {
			l0 := mustCMSG(t, socket.CMSG_LEN, 0)
			toobig := socklenTLimit - l0 + 1
			if l0 <= sizeofInt*2 {
				t.Errorf("CMSG_LEN(0) = %d", l0)
			}
			for _, n := range cmsgValues(toobig) {
				ret := mustCMSG(t, socket.CMSG_LEN, n)
				assertEqual(t, ret-l0, n)
				if ret > socklenTLimit {
					t.Errorf("CMSG_LEN(%d) = %d over the limit", n, ret)
				}
			}
			for _, n := range []int{-1, toobig, int(^uint(0) >> 1)} {
				_, err := socket.CMSG_LEN(n)
				assertRaisesValue(t, err)
			}
		}, nil},
		{"testCMSG_SPACE", func(t *testing.T, _ *plainEnv) {
			toobig := socklenTLimit - mustCMSG(t, socket.CMSG_SPACE, 1) + 1
			last := mustCMSG(t, socket.CMSG_SPACE, 0)
			if last <= sizeofInt*2 {
				t.Errorf("CMSG_SPACE(0) = %d", last)
			}
			l0 := mustCMSG(t, socket.CMSG_LEN, 0)
			for _, n := range cmsgValues(toobig) {
				ret := mustCMSG(t, socket.CMSG_SPACE, n)
				if ret < last || ret < mustCMSG(t, socket.CMSG_LEN, n) || ret < n+l0 || ret > socklenTLimit {
					t.Errorf("CMSG_SPACE(%d) = %d (last %d)", n, ret, last)
				}
				last = ret
			}
			for _, n := range []int{-1, toobig, int(^uint(0) >> 1)} {
				_, err := socket.CMSG_SPACE(n)
				assertRaisesValue(t, err)
			}
		}, nil},
	}})
}

// cmsgValues is list(range(257)) + list(range(toobig - 257, toobig)).
func cmsgValues(toobig int) []int {
	var v []int
	for i := range 257 {
		v = append(v, i)
	}
	for i := toobig - 257; i < toobig; i++ {
		v = append(v, i)
	}
	return v
}
