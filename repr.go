package socket

import (
	"strings"
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

// pyStr formats s as Python's repr of a str.
func pyStr(s string) string {
	q := byte('\'')
	if strings.Contains(s, "'") && !strings.Contains(s, "\"") {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
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
		case r == utf8.RuneError || r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte(hexdig[(r>>4)&15])
			b.WriteByte(hexdig[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
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
