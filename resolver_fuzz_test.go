package socket

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/dns/dnsmessage"
)

// FuzzParseNssSources parses hosts: lines: no panic, and every source has
// a name without blanks or brackets and returns on SUCCESS unless a
// criterion said otherwise.
func FuzzParseNssSources(f *testing.F) {
	for _, s := range []string{"files dns", "dns [!UNAVAIL=return] files", "files mdns4_minimal [NOTFOUND=return] dns",
		"[NOTFOUND=return]", "dns [", "dns [ ] files", "dns [a=b] files", "files [SUCCESS=continue TRYAGAIN=return] dns", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		for _, s := range parseNssSources(line) {
			if s.name == "" || strings.ContainsAny(s.name, " \t[") {
				t.Fatalf("parseNssSources(%q) gave the source %q", line, s.name)
			}
		}
	})
}

// FuzzReadDNSConf reads resolv.conf files: no panic, and the limits hold.
func FuzzReadDNSConf(f *testing.F) {
	for _, s := range []string{"nameserver 127.0.0.1\n", "nameserver ::1%lo\nsearch a b c\noptions ndots:3 timeout:0 attempts:9\n",
		"domain x\nsearch\nnameserver bogus\n", "options ndots:-1 timeout:99999999999999999999\n", "# comment\n; other\n"} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, text string) {
		p := filepath.Join(dir, "resolv.conf")
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		old := resolvConfPath
		resolvConfPath = p
		defer func() { resolvConfPath = old }()
		c := readDNSConf()
		if len(c.servers) < 1 || len(c.servers) > dnsMaxServers || c.ndots < 0 || c.ndots > dnsMaxNdots ||
			c.attempts < 1 || c.attempts > dnsMaxAttempts || c.timeout <= 0 {
			t.Fatalf("readDNSConf(%q) = %+v", text, c)
		}
		for _, n := range c.search {
			if !strings.HasSuffix(n, ".") {
				t.Fatalf("search domain %q is not absolute", n)
			}
		}
	})
}

// FuzzAnswerAddrs takes DNS replies apart: no panic, and the canonical
// name comes with addresses.
func FuzzAnswerAddrs(f *testing.F) {
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{Response: true})
	b.StartQuestions()
	b.Question(dnsmessage.Question{Name: dnsmessage.MustNewName("a.example."), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET})
	b.StartAnswers()
	hdr := func(n string, t dnsmessage.Type) dnsmessage.ResourceHeader {
		return dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(n), Type: t, Class: dnsmessage.ClassINET}
	}
	b.CNAMEResource(hdr("a.example.", dnsmessage.TypeCNAME), dnsmessage.CNAMEResource{CNAME: dnsmessage.MustNewName("b.example.")})
	b.CNAMEResource(hdr("b.example.", dnsmessage.TypeCNAME), dnsmessage.CNAMEResource{CNAME: dnsmessage.MustNewName("a.example.")})
	b.AResource(hdr("b.example.", dnsmessage.TypeA), dnsmessage.AResource{A: [4]byte{10, 0, 0, 1}})
	msg, _ := b.Finish()
	f.Add(msg, "a.example.")
	f.Add([]byte{}, "x.")
	f.Fuzz(func(t *testing.T, reply []byte, name string) {
		var m dnsmessage.Message
		if m.Unpack(reply) != nil || !utf8.ValidString(name) {
			return
		}
		for _, qt := range []dnsmessage.Type{dnsmessage.TypeA, dnsmessage.TypeAAAA} {
			h := &dnsHost{}
			answerAddrs(&m, name, qt, h)
			if (h.canon != "") != (len(h.addrs) > 0) {
				t.Fatalf("answerAddrs gave the name %q with %d addresses", h.canon, len(h.addrs))
			}
		}
	})
}

// FuzzPyStr formats strings as Python's str repr: no panic, quoted, and
// nothing but printable text inside.
func FuzzPyStr(f *testing.F) {
	for _, s := range []string{"", "it's", "\"'", "\x00\xff\u200b", "é😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := pyStr(s)
		if len(r) < 2 || r[0] != r[len(r)-1] || (r[0] != '\'' && r[0] != '"') || !utf8.ValidString(r) {
			t.Fatalf("pyStr(%q) = %s", s, r)
		}
		_ = PyRepr(s)
		_ = PyRepr([]byte(s))
	})
}
