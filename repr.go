package socket

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// pyReprer is implemented by addresses that print differently in Python's
// repr than in String (tuples, bytes).
type pyReprer interface{ pyRepr() string }

// pyRepr formats an address as Python's repr of the same address would.
func pyRepr(a Addr) string {
	if r, ok := a.(pyReprer); ok {
		return r.pyRepr()
	}
	return a.String()
}

// pyTruthy reports whether Python would treat the address as true: every
// tuple is, an empty path is not.
func pyTruthy(a Addr) bool {
	if a == nil {
		return false
	}
	if u, ok := a.(UnixAddr); ok {
		return u.Path != ""
	}
	return true
}

// pyStr formats s as Python's repr of a str: quotes as Python chooses them,
// \\, \t, \n, \r and the quote escaped, other characters that Python does
// not count as printable (controls, format characters, separators but the
// space, unassigned code points) as \xhh, \uhhhh or \Uhhhhhhhh. A byte
// that is not UTF-8 prints as the surrogate that Python's file-system
// decoding gives it (\udcff).
func pyStr(s string) string {
	q := byte('\'')
	if strings.Contains(s, "'") && !strings.Contains(s, "\"") {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			r = 0xdc00 + rune(s[i]) // surrogateescape
			size = 1
		}
		i += size
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r >= 0xd800 && r < 0xe000, !unicode.IsPrint(r):
			switch {
			case r < 0x100:
				b.WriteString(`\x`)
				writeHex(&b, uint32(r), 2)
			case r < 0x10000:
				b.WriteString(`\u`)
				writeHex(&b, uint32(r), 4)
			default:
				b.WriteString(`\U`)
				writeHex(&b, uint32(r), 8)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

func writeHex(b *strings.Builder, v uint32, n int) {
	for i := n - 1; i >= 0; i-- {
		b.WriteByte(hexdig[(v>>(4*uint(i)))&15])
	}
}

const hexdig = "0123456789abcdef"

// pyBytes formats p as Python's repr of a bytes value: b'\x00abc'.
func pyBytes(p []byte) string {
	q := byte('\'')
	if strings.IndexByte(string(p), '\'') >= 0 && strings.IndexByte(string(p), '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteString("b")
	b.WriteByte(q)
	for _, c := range p {
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == q:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			b.WriteString(`\x`)
			b.WriteByte(hexdig[c>>4])
			b.WriteByte(hexdig[c&15])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// PyBytes formats p as Python's repr of a bytes value (b'Hello, world'), so
// that programs ported from Python can print what the Python program
// printed.
func PyBytes(p []byte) string { return pyBytes(p) }
