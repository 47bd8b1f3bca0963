package socket

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// PyTuple is a Python tuple for PyRepr and PyStr: PyRepr(PyTuple{data,
// addr}) prints Recvfrom's (bytes, address) pair as Python prints it,
// (b'hi', ('127.0.0.1', 5000)). A one-element tuple prints with its
// trailing comma, (x,). Other slices print as Python lists, [x, y].
type PyTuple []any

// PyRepr returns what Python's repr() prints for the Python value that v
// stands for, so that a ported program prints what its original printed:
//
//   - nil is None; bool is True or False; integers print in decimal;
//     floats as Python's shortest float repr (5.0, 0.0025, 1e-05, 1e+16);
//   - string is a str ('it\'s' quoting as Python chooses it), []byte a
//     bytes (b'\x00abc');
//   - time.Duration is a timeout in seconds as a float (5.0), NoTimeout
//     None;
//   - AddressFamily and SocketKind are the enum members
//     (<AddressFamily.AF_INET: 2>), or the number where Python has no
//     member;
//   - every Addr is the value Python's socket returns for it: a tuple
//     (InetAddr ('127.0.0.1', 50444), Inet6Addr (host, port, flowinfo,
//     scope_id), NetlinkAddr (pid, groups), PacketAddr (ifname, proto,
//     pkttype, hatype, b'addr'), the CAN, ALG and VSOCK tuples, RawAddr
//     (family, b'data')), a str for a UNIX path, bytes for an abstract
//     UNIX name;
//   - AddrInfo is Getaddrinfo's 5-tuple, ControlMessage recvmsg's (level,
//     type, data), NameIndex if_nameindex's (index, name), *Socket the
//     socket object's repr;
//   - an error is the exception Python raises for it:
//     ConnectionRefusedError(111, 'Connection refused') (the OSError
//     subclass for the errno, with glibc's strerror text),
//     TimeoutError('timed out'), gaierror(-2, 'Name or service not
//     known'), herror(1, 'Unknown host'), OSError(9, 'Bad file
//     descriptor') for a closed socket, ValueError('...') for a
//     *ValueError (Python raises some of these as TypeError or
//     OverflowError), CancelledError() for a cancelled context, and
//     OSError('text') for any other error;
//   - PyTuple is a tuple and other slices and arrays are lists of these.
//
// Values of other types print as fmt.Sprint prints them.
func PyRepr(v any) string {
	var b strings.Builder
	writeRepr(&b, v)
	return b.String()
}

// PyStr returns what Python's str() prints for the value that v stands
// for: a string as it is, an error as Python prints the exception
// ("[Errno 111] Connection refused", "timed out", "[Errno -2] Name or
// service not known"), AddressFamily and SocketKind as their numbers ("2",
// as Python 3.11's IntEnum), a UnixAddr path as the path (Python's address
// is a str), and everything else (tuple addresses, abstract UNIX names,
// bytes, tuples, timeouts) as PyRepr, as Python's str of those is their
// repr.
func PyStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case AddressFamily:
		return strconv.Itoa(int(x))
	case SocketKind:
		return strconv.Itoa(int(x))
	case UnixAddr:
		if !x.Abstract() {
			return x.Path // a str
		}
	case *Socket:
		return PyRepr(v)
	case error:
		if isNilPointer(v) {
			return "None"
		}
		e := pyException(x)
		return e.str()
	}
	return PyRepr(v)
}

func writeRepr(b *strings.Builder, v any) {
	if v == nil || isNilPointer(v) {
		b.WriteString("None")
		return
	}
	switch x := v.(type) {
	case bool:
		if x {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case string:
		b.WriteString(pyStr(x))
	case []byte:
		b.WriteString(pyBytes(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case int8, int16, int32, int64:
		b.WriteString(strconv.FormatInt(reflect.ValueOf(x).Int(), 10))
	case uint, uint8, uint16, uint32, uint64, uintptr:
		b.WriteString(strconv.FormatUint(reflect.ValueOf(x).Uint(), 10))
	case float64:
		b.WriteString(pyFloat(x))
	case float32:
		b.WriteString(pyFloat(float64(x)))
	case time.Duration:
		if x == NoTimeout {
			b.WriteString("None")
		} else {
			b.WriteString(pyFloat(x.Seconds()))
		}
	case AddressFamily:
		if n, ok := afNames[x]; ok {
			b.WriteString("<AddressFamily." + n + ": " + strconv.Itoa(int(x)) + ">")
		} else {
			b.WriteString(strconv.Itoa(int(x)))
		}
	case SocketKind:
		if n, ok := kindNames[x]; ok {
			b.WriteString("<SocketKind." + n + ": " + strconv.Itoa(int(x)) + ">")
		} else {
			b.WriteString(strconv.Itoa(int(x)))
		}
	case RawAddr:
		writeRepr(b, PyTuple{int(x.SaFamily), x.Data})
	case Addr:
		b.WriteString(pyRepr(x))
	case AddrInfo:
		writeRepr(b, PyTuple{x.Family, x.Type, x.Proto, x.Canonname, x.Sockaddr})
	case ControlMessage:
		writeRepr(b, PyTuple{x.Level, x.Type, x.Data})
	case NameIndex:
		writeRepr(b, PyTuple{x.Index, x.Name})
	case *Socket:
		b.WriteString(x.String())
	case PyTuple:
		b.WriteByte('(')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e)
		}
		if len(x) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case error:
		b.WriteString(pyException(x).repr())
	default:
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Slice, reflect.Array:
			if rv.Type().Elem().Kind() == reflect.Uint8 {
				// A named byte type ([]MyByte, [16]byte): bytes.
				p := make([]byte, rv.Len())
				for i := range p {
					p[i] = byte(rv.Index(i).Uint())
				}
				b.WriteString(pyBytes(p))
				return
			}
			b.WriteByte('[')
			for i := 0; i < rv.Len(); i++ {
				if i > 0 {
					b.WriteString(", ")
				}
				writeRepr(b, rv.Index(i).Interface())
			}
			b.WriteByte(']')
		default:
			fmt.Fprint(b, v)
		}
	}
}

// isNilPointer reports whether v is a typed nil pointer, map, slice of an
// error or Addr type, so that a hostile typed nil prints None.
func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Func, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

// pyFloat formats f as Python's repr(float): the shortest digits that read
// back as f, in fixed notation for exponents from -4 to 15 (with ".0" for
// a whole number), else in scientific notation with a two-digit exponent
// at least (1e-05, 1e+16).
func pyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // "-d.ddde±XX"
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	mant, expS, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expS)
	digits := strings.Replace(mant, ".", "", 1)
	decpt := exp + 1
	if decpt <= -4 || decpt > 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		e := strconv.Itoa(exp)
		if len(e) < 2 {
			e = "0" + e
		}
		return sign + m + "e" + es + e
	}
	switch {
	case decpt <= 0:
		return sign + "0." + strings.Repeat("0", -decpt) + digits
	case decpt >= len(digits):
		return sign + digits + strings.Repeat("0", decpt-len(digits)) + ".0"
	}
	return sign + digits[:decpt] + "." + digits[decpt:]
}

// pyExc is a Python exception: its class name and arguments.
type pyExc struct {
	class string
	errno int
	hasNo bool // args are (errno, strerror)
	msg   string
	noArg bool // no arguments at all
}

func (e pyExc) repr() string {
	switch {
	case e.noArg:
		return e.class + "()"
	case e.hasNo:
		return e.class + "(" + strconv.Itoa(e.errno) + ", " + pyStr(e.msg) + ")"
	}
	return e.class + "(" + pyStr(e.msg) + ")"
}

func (e pyExc) str() string {
	switch {
	case e.noArg:
		return ""
	case e.hasNo:
		return "[Errno " + strconv.Itoa(e.errno) + "] " + e.msg
	}
	return e.msg
}

// pyException is the exception that Python raises where the package
// returns err.
func pyException(err error) pyExc {
	var ge *GaiError
	var he *HError
	var ve *ValueError
	var errno syscall.Errno
	switch {
	case errors.As(err, &ge):
		return pyExc{class: "gaierror", errno: ge.Code, hasNo: true, msg: ge.Msg}
	case errors.As(err, &he):
		return pyExc{class: "herror", errno: he.Code, hasNo: true, msg: he.Msg}
	case errors.As(err, &ve):
		return pyExc{class: "ValueError", msg: ve.Msg}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return pyExc{class: "TimeoutError", msg: "timed out"}
	case errors.Is(err, context.Canceled):
		return pyExc{class: "CancelledError", noArg: true}
	case errors.As(err, &errno):
		return pyExc{class: errnoClass(errno), errno: int(errno), hasNo: true, msg: errnoText(errno)}
	case errors.Is(err, syscall.EBADF): // a closed socket
		return pyExc{class: "OSError", errno: int(syscall.EBADF), hasNo: true, msg: errnoText(syscall.EBADF)}
	}
	var se *Error
	if errors.As(err, &se) && se.Err != nil {
		return pyExc{class: "OSError", msg: se.Err.Error()}
	}
	return pyExc{class: "OSError", msg: err.Error()}
}

// errnoClass is the OSError subclass that Python raises for an errno
// (PEP 3151).
func errnoClass(e syscall.Errno) string {
	switch e {
	case syscall.EAGAIN, syscall.EALREADY, syscall.EINPROGRESS:
		return "BlockingIOError"
	case syscall.ECHILD:
		return "ChildProcessError"
	case syscall.EPIPE, syscall.ESHUTDOWN:
		return "BrokenPipeError"
	case syscall.ECONNABORTED:
		return "ConnectionAbortedError"
	case syscall.ECONNREFUSED:
		return "ConnectionRefusedError"
	case syscall.ECONNRESET:
		return "ConnectionResetError"
	case syscall.EEXIST:
		return "FileExistsError"
	case syscall.ENOENT:
		return "FileNotFoundError"
	case syscall.EISDIR:
		return "IsADirectoryError"
	case syscall.ENOTDIR:
		return "NotADirectoryError"
	case syscall.EINTR:
		return "InterruptedError"
	case syscall.EACCES, syscall.EPERM:
		return "PermissionError"
	case syscall.ESRCH:
		return "ProcessLookupError"
	case syscall.ETIMEDOUT:
		return "TimeoutError"
	}
	return "OSError"
}

var errnoTextMap = sync.OnceValue(func() map[syscall.Errno]string {
	m := make(map[syscall.Errno]string, len(errnoTexts))
	for _, e := range errnoTexts {
		if _, dup := m[e.errno]; !dup {
			m[e.errno] = e.text
		}
	}
	return m
})

// errnoText is strerror(3) for e as CPython prints it: glibc's text on
// Linux ("Connection refused", "Unknown error 200" for a number it does
// not know); elsewhere Go's text with a capital letter.
func errnoText(e syscall.Errno) string {
	if t, ok := errnoTextMap()[e]; ok {
		return t
	}
	if len(errnoTexts) > 0 {
		return "Unknown error " + strconv.Itoa(int(e))
	}
	t := e.Error()
	if t != "" && t[0] >= 'a' && t[0] <= 'z' {
		t = string(t[0]-'a'+'A') + t[1:]
	}
	return t
}
