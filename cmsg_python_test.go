//go:build linux

package socket_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/pysocket/socket"
)

// TestCmsgLenSpaceMatchPython compares CMSG_LEN and CMSG_SPACE with
// python3's over 0..2000 and around the overflow limits.
func TestCmsgLenSpaceMatchPython(t *testing.T) {
	t.Parallel()
	var args []int
	for i := 0; i <= 2000; i++ {
		args = append(args, i)
	}
	for _, base := range []int{2147483631, 2147483623} {
		args = append(args, base-1, base, base+1)
	}
	for _, v := range []int64{-1, -2147483648, 1 << 31, 1 << 40} {
		if int64(int(v)) == v { // what this platform's int holds
			args = append(args, int(v))
		}
	}
	strs := make([]string, len(args))
	for i, a := range args {
		strs[i] = strconv.Itoa(a)
	}
	out := python(t, `
import socket, sys
for a in sys.argv[1:]:
    r = []
    for f in (socket.CMSG_LEN, socket.CMSG_SPACE):
        try:
            r.append(str(f(int(a))))
        except OverflowError as e:
            r.append('E:' + str(e))
    print(' '.join(r))
`, strs...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, len(args))
	show := func(v int, err error) string {
		if err != nil {
			var ve *socket.ValueError
			require.ErrorAs(t, err, &ve)
			return "E:" + ve.Msg
		}
		return strconv.Itoa(v)
	}
	for i, a := range args {
		l, lerr := socket.CMSG_LEN(a)
		s, serr := socket.CMSG_SPACE(a)
		assert.Equal(t, lines[i], show(l, lerr)+" "+show(s, serr), "CMSG_LEN/CMSG_SPACE(%d)", a)
	}
}

// TestCmsgPythonInterop passes descriptors and credentials between python3
// and the package over a UNIX socket, both ways, and compares a truncated
// receive with python3's recvmsg.
func TestCmsgPythonInterop(t *testing.T) {
	checkLeaks(t)
	name := fmt.Sprintf("pysocket-cmsg-%d-%d", os.Getpid(), time.Now().UnixNano())
	l := mustNew(t, socket.AF_UNIX, socket.SOCK_STREAM, 0)
	require.NoError(t, l.Bind(socket.UnixAddr{Path: "\x00" + name}))
	require.NoError(t, l.Listen(1))
	require.NoError(t, l.Settimeout(20*time.Second))

	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	defer pr.Close()
	defer pw.Close()

	type result struct {
		fromPy  string
		pyCreds socket.Ucred
		err     error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() { done <- r }()
		fail := func(err error) bool {
			if err != nil && r.err == nil {
				r.err = err
			}
			return err != nil
		}
		c, _, err := l.Accept()
		if fail(err) {
			return
		}
		defer c.Close()
		fail(c.Settimeout(20 * time.Second))
		// 1. A descriptor to python, which writes through it.
		wfd, err := unix.FcntlInt(pw.Fd(), unix.F_DUPFD_CLOEXEC, 0)
		if fail(err) {
			return
		}
		_, err = socket.SendFds(c, [][]byte{[]byte("hello")}, []int{wfd}, nil)
		unix.Close(wfd)
		if fail(err) {
			return
		}
		// 2. Two descriptors where python has room for one.
		_, err = socket.SendFds(c, [][]byte{[]byte("two")}, []int{0, 1}, nil)
		if fail(err) {
			return
		}
		// 3. Credentials, once python has SO_PASSCRED on.
		if _, err := c.Recv(1); fail(err) {
			return
		}
		me := socket.Ucred{Pid: os.Getpid(), Uid: os.Getuid(), Gid: os.Getgid()}
		_, err = c.Sendmsg([][]byte{[]byte("c")}, []socket.ControlMessage{{Level: socket.SOL_SOCKET, Type: socket.SCM_CREDENTIALS, Data: me.Bytes()}}, nil)
		if fail(err) {
			return
		}
		// 4. A descriptor from python; the package writes through it.
		data, fds, _, _, err := socket.RecvFds(c, 100, 4)
		if fail(err) {
			return
		}
		r.fromPy = string(data)
		for _, fd := range fds {
			unix.Write(fd, []byte("go-wrote"))
			unix.Close(fd)
		}
		// 5. Credentials from python.
		if fail(c.Setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)) {
			return
		}
		if _, err := c.Send([]byte("r")); fail(err) {
			return
		}
		sp, _ := socket.CMSG_SPACE(12)
		_, anc, _, _, err := c.Recvmsg(100, sp)
		if fail(err) {
			return
		}
		m, ok := findMsg(anc, socket.SOL_SOCKET, socket.SCM_CREDENTIALS)
		if !ok {
			fail(fmt.Errorf("no SCM_CREDENTIALS from python in %v", anc))
			return
		}
		r.pyCreds, err = socket.ParseUcred(m.Data)
		fail(err)
	}()

	out := python(t, `
import socket, os, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(20)
s.connect(b'\0' + sys.argv[1].encode())
msg, fds, flags, addr = socket.recv_fds(s, 100, 4)
for fd in fds:
    os.write(fd, b'py-wrote')
    os.close(fd)
print('recv_fds', msg, len(fds), flags, addr)
data, anc, flags, addr = s.recvmsg(10, socket.CMSG_LEN(4), socket.MSG_CMSG_CLOEXEC)
for lvl, typ, d in anc:
    for (fd,) in struct.iter_unpack('i', d[:len(d) - len(d) % 4]):
        os.close(fd)
print('truncated', data, [(l, t, len(d)) for l, t, d in anc], flags)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.sendall(b'r')
data, anc, flags, addr = s.recvmsg(100, socket.CMSG_SPACE(12))
print('creds', data, [struct.unpack('3i', d) for l, t, d in anc if (l, t) == (socket.SOL_SOCKET, socket.SCM_CREDENTIALS)])
r, w = os.pipe()
socket.send_fds(s, [b'back'], [w])
os.close(w)
s.recv(1)
s.sendmsg([b'p'], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, struct.pack('3i', os.getpid(), os.getuid(), os.getgid()))])
print('readback', os.read(r, 100))
print('pid', os.getpid(), os.getuid(), os.getgid())
s.close()
`, name)
	res := <-done
	require.NoError(t, res.err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 5, out)

	// The accepted socket carries the listener's abstract name, which
	// python3 reports as the sender's address.
	assert.Equal(t, `recv_fds b'hello' 1 0 b'\x00`+name+`'`, lines[0])
	buf := make([]byte, 8)
	_, err = pr.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "py-wrote", string(buf))

	// The package's Recvmsg on the same truncated case, for comparison.
	a, b := mustPair(t, socket.AF_UNIX, socket.SOCK_STREAM)
	_, err = socket.SendFds(a, [][]byte{[]byte("two")}, []int{0, 1}, nil)
	require.NoError(t, err)
	cl, _ := socket.CMSG_LEN(4)
	data, anc, flags, _, err := b.Recvmsg(10, cl, socket.MSG_CMSG_CLOEXEC)
	require.NoError(t, err)
	var items []string
	for _, m := range anc {
		items = append(items, fmt.Sprintf("(%d, %d, %d)", m.Level, m.Type, len(m.Data)))
		for _, fd := range fdsIn(m.Data) {
			unix.Close(fd)
		}
	}
	assert.Equal(t, fmt.Sprintf("truncated b'%s' [%s] %d", data, strings.Join(items, ", "), flags), lines[1])

	assert.Equal(t, fmt.Sprintf("creds b'c' [(%d, %d, %d)]", os.Getpid(), os.Getuid(), os.Getgid()), lines[2])
	assert.Equal(t, "back", res.fromPy)
	assert.Equal(t, "readback b'go-wrote'", lines[3])
	assert.Equal(t, fmt.Sprintf("pid %d %d %d", res.pyCreds.Pid, res.pyCreds.Uid, res.pyCreds.Gid), lines[4])
}

func fdsIn(d []byte) []int {
	var fds []int
	for i := 0; i+4 <= len(d); i += 4 {
		fds = append(fds, int(int32(binary.NativeEndian.Uint32(d[i:]))))
	}
	return fds
}
