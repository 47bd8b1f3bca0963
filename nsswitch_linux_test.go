//go:build linux

package socket_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pysocket/socket"
	"golang.org/x/net/dns/dnsmessage"
)

// testZone is what the test's DNS server knows: names (lower case,
// absolute) with addresses, CNAMEs and PTR records; a silent name gets no
// answer at all.
type testZone struct {
	addrs    map[string][]string
	cname    map[string]string
	ptr      map[string]string
	silent   map[string]bool
	servfail map[string]bool
}

var dnsTestZone = testZone{
	addrs: map[string][]string{
		"both.example.test.":    {"10.9.0.1", "fd00::91"},
		"dnsonly.example.test.": {"10.9.0.2"},
		"v6only.example.test.":  {"fd00::93"},
		"multi.example.test.":   {"10.9.0.4", "10.9.0.5", "fd00::94"},
		"big.example.test.":     bigAddrs(),
	},
	cname: map[string]string{
		"www.example.test.":   "both.example.test.",
		"chain.example.test.": "www.example.test.",
	},
	ptr: map[string]string{
		"1.0.9.10.in-addr.arpa.": "both.example.test.",
		"2.0.9.10.in-addr.arpa.": "dnsonly.example.test.",
		"1.0.8.10.in-addr.arpa.": "ptr-of-files.example.test.",
	},
	silent:   map[string]bool{"silent.example.test.": true},
	servfail: map[string]bool{"servfail.example.test.": true},
}

// bigAddrs are more A records than a 512-byte UDP reply holds, so that the
// reply is truncated and asked again over TCP.
func bigAddrs() []string {
	var out []string
	for i := 1; i <= 40; i++ {
		out = append(out, fmt.Sprintf("10.7.0.%d", i))
	}
	return out
}

// The hosts file beside the zone: "both" and 10.8.0.1 are in both, with
// different answers, so that the order of the sources shows.
const dnsTestHosts = `127.0.0.1 localhost
10.8.0.1 both.example.test both
10.8.0.3 filesonly.example.test filesonly
fd00::83 filesonly.example.test
10.8.0.6 www.example.test
`

// testDNS is a DNS server on 127.0.0.1:53 (UDP and TCP) inside a network
// namespace of the test's own, with resolv.conf, nsswitch.conf and hosts
// files for it.
type testDNS struct {
	ns         *testNetns
	dir        string
	resolv     string // the resolv.conf in use
	done       chan struct{}
	tcpQueries atomic.Int32
}

func newTestDNS(t *testing.T) *testDNS {
	t.Helper()
	ns := newTestNetns(t)
	d := &testDNS{ns: ns, dir: t.TempDir(), done: make(chan struct{})}
	udp := ns.Socket(t, socket.AF_INET, socket.SOCK_DGRAM, 0)
	tcp := ns.Socket(t, socket.AF_INET, socket.SOCK_STREAM, 0)
	for _, s := range []*socket.Socket{udp, tcp} {
		if err := s.Bind(socket.InetAddr{Host: "127.0.0.1", Port: 53}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tcp.Listen(); err != nil {
		t.Fatal(err)
	}
	d.resolv = d.write(t, "resolv.conf", "nameserver 127.0.0.1\nsearch example.test\noptions timeout:1 attempts:1\n")
	d.write(t, "hosts", dnsTestHosts)
	tcpDone := make(chan struct{})
	go d.serveUDP(udp)
	go func() { defer close(tcpDone); d.serveTCP(tcp) }()
	t.Cleanup(func() {
		udp.Close()
		tcp.Close()
		<-d.done
		<-tcpDone
	})
	return d
}

func (d *testDNS) write(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(d.dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// serveUDP answers queries until the socket is closed; a reply over 512
// bytes goes out truncated, without records.
func (d *testDNS) serveUDP(s *socket.Socket) {
	defer close(d.done)
	buf := make([]byte, 1500)
	for {
		n, from, err := s.RecvfromInto(buf)
		if err != nil {
			return
		}
		if out := dnsTestReply(buf[:n], 512); out != nil {
			s.Sendto(out, from)
		}
	}
}

// serveTCP answers one query per connection until the socket is closed.
func (d *testDNS) serveTCP(l *socket.Socket) {
	for {
		c, _, err := l.Accept()
		if err != nil {
			return
		}
		c.Settimeout(5 * time.Second)
		var q []byte
		for len(q) < 2 || len(q) < 2+int(binary.BigEndian.Uint16(q)) {
			b, err := c.Recv(4096)
			if err != nil || len(b) == 0 {
				break
			}
			q = append(q, b...)
		}
		if len(q) >= 2 {
			d.tcpQueries.Add(1)
			if out := dnsTestReply(q[2:], 65535); out != nil {
				c.Sendall(append(binary.BigEndian.AppendUint16(nil, uint16(len(out))), out...))
			}
		}
		c.Close()
	}
}

// dnsTestReply is the zone's reply to a query, nil for none; a reply over
// limit bytes is sent truncated.
func dnsTestReply(query []byte, limit int) []byte {
	z := dnsTestZone
	var m dnsmessage.Message
	if m.Unpack(query) != nil || m.Response || len(m.Questions) != 1 {
		return nil
	}
	q := m.Questions[0]
	name := strings.ToLower(q.Name.String())
	if z.silent[name] {
		return nil
	}
	r := dnsmessage.Message{
		Header:    dnsmessage.Header{ID: m.ID, Response: true, Authoritative: true, RecursionDesired: m.RecursionDesired, RecursionAvailable: true},
		Questions: m.Questions,
	}
	hdr := func(owner string, typ dnsmessage.Type) dnsmessage.ResourceHeader {
		return dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(owner), Type: typ, Class: dnsmessage.ClassINET, TTL: 60}
	}
	target := name
	for range 4 {
		c, ok := z.cname[target]
		if !ok {
			break
		}
		r.Answers = append(r.Answers, dnsmessage.Resource{Header: hdr(target, dnsmessage.TypeCNAME), Body: &dnsmessage.CNAMEResource{CNAME: dnsmessage.MustNewName(c)}})
		target = c
	}
	_, known := z.addrs[target]
	if z.servfail[name] {
		r.RCode = dnsmessage.RCodeServerFailure
		out, _ := r.Pack()
		return out
	}
	if p, ok := z.ptr[target]; ok {
		known = true
		if q.Type == dnsmessage.TypePTR {
			r.Answers = append(r.Answers, dnsmessage.Resource{Header: hdr(target, dnsmessage.TypePTR), Body: &dnsmessage.PTRResource{PTR: dnsmessage.MustNewName(p)}})
		}
	}
	for _, a := range z.addrs[target] {
		ip := netip.MustParseAddr(a)
		switch {
		case q.Type == dnsmessage.TypeA && ip.Is4():
			r.Answers = append(r.Answers, dnsmessage.Resource{Header: hdr(target, dnsmessage.TypeA), Body: &dnsmessage.AResource{A: ip.As4()}})
		case q.Type == dnsmessage.TypeAAAA && ip.Is6():
			r.Answers = append(r.Answers, dnsmessage.Resource{Header: hdr(target, dnsmessage.TypeAAAA), Body: &dnsmessage.AAAAResource{AAAA: ip.As16()}})
		}
	}
	if !known && target == name {
		r.RCode = dnsmessage.RCodeNameError
	}
	out, err := r.Pack()
	if err != nil {
		return nil
	}
	if len(out) > limit {
		r.Answers, r.Truncated = nil, true
		if out, err = r.Pack(); err != nil {
			return nil
		}
	}
	return out
}

// useFiles points the package at the test's files, with nsswitch.conf
// saying hosts: order; it returns the restore function.
func (d *testDNS) useFiles(t *testing.T, nsswitch string) func() {
	t.Helper()
	r1 := socket.SetHostsPath(filepath.Join(d.dir, "hosts"))
	r2 := socket.SetResolvConfPath(d.resolv)
	r3 := socket.SetNsswitchPath(nsswitch)
	return func() { r3(); r2(); r1() }
}

// python runs pyConformance over cases inside the namespace, with the
// test's hosts, resolv.conf and nsswitch.conf bind-mounted over /etc's in a
// private mount namespace (the machine's files are not touched).
func (d *testDNS) python(t *testing.T, nsswitch, casesPath string) (string, error) {
	t.Helper()
	nsenter := needTool(t, "nsenter", "util-linux")
	needTool(t, "unshare", "util-linux")
	py := needTool(t, "python3", "python3 (CPython is the reference)")
	skipUnlessPythonArch(t, py)
	cmd := exec.Command(nsenter, "--net=/run/netns/"+d.ns.Name, "--", "unshare", "-m", "--", "sh", "-c",
		`mount --make-rprivate / && mount --bind "$1" /etc/hosts && mount --bind "$2" /etc/resolv.conf && `+
			`mount --bind "$3" /etc/nsswitch.conf && exec "$4" -c "$5" "$6"`,
		"sh", filepath.Join(d.dir, "hosts"), d.resolv, nsswitch, py, pyConformance, casesPath)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", errors.New(err.Error() + ": " + stderr.String())
	}
	return string(out), nil
}

// TestNsswitchOrderAgainstGlibc runs the lookups of a table of names and
// addresses, known to /etc/hosts, to DNS, to both (with different answers)
// or to neither, under several hosts: lines of nsswitch.conf, here and in
// CPython (glibc), both inside a namespace with the test's DNS server.
func TestNsswitchOrderAgainstGlibc(t *testing.T) {
	d := newTestDNS(t)
	var cases []resolveCase
	add := func(fn string, args ...any) {
		b, _ := json.Marshal(args)
		cases = append(cases, resolveCase{Name: fn + string(b), Fn: fn, Args: args})
	}
	for _, host := range []string{"both", "both.example.test", "dnsonly", "dnsonly.example.test.", "v6only",
		"filesonly", "www", "chain.example.test", "multi", "nosuch", "nosuch.example.test"} {
		for _, fam := range []int{0, 2, 10} {
			add("getaddrinfo", host, "80", fam, 1, 0, 0)
		}
		add("getaddrinfo", host, nil, 0, 1, 0, socket.AI_CANONNAME)
		add("getaddrinfo", host, nil, 10, 1, 0, socket.AI_V4MAPPED)
		add("gethostbyname", host)
		add("gethostbyname_ex", host)
		add("gethostbyaddr", host)
	}
	for _, ip := range []string{"10.8.0.1", "10.9.0.1", "10.9.0.2", "10.9.0.99"} {
		add("gethostbyaddr", ip)
		add("getnameinfo", []any{ip, 80}, 0)
	}
	// A reply too long for UDP, asked again over TCP.
	add("getaddrinfo", "big", "80", 2, 1, 0, 0)
	add("gethostbyname_ex", "big")
	// A server that fails.
	add("getaddrinfo", "servfail.example.test", "80", 2, 1, 0, 0)
	add("getaddrinfo", "servfail.example.test.", "80", 0, 1, 0, 0)
	add("gethostbyname_ex", "servfail.example.test")
	// A server that does not answer: one case, as it costs the timeout.
	add("getaddrinfo", "silent.example.test", "80", 2, 1, 0, 0)
	data, _ := json.Marshal(cases)
	casesPath := d.write(t, "cases.json", string(data))
	cases = nil
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	defaultResolv := d.resolv
	ndots := d.write(t, "resolv-ndots", "nameserver 127.0.0.1\nsearch nosuch.test example.test\noptions ndots:3 timeout:1 attempts:1\n")
	domain := d.write(t, "resolv-domain", "domain example.test\nnameserver 127.0.0.1\noptions attempts:1 timeout:1\n")
	total, runs := 0, 0
	for _, run := range []struct{ order, resolv string }{
		{"files dns", defaultResolv}, {"dns files", defaultResolv}, {"files", defaultResolv}, {"dns", defaultResolv},
		{"dns [NOTFOUND=return] files", defaultResolv}, {"files [!SUCCESS=return] dns", defaultResolv},
		{"files dns", ndots}, {"dns", ndots}, {"dns files", domain},
	} {
		order := run.order
		d.resolv = run.resolv
		t.Run(order+" "+filepath.Base(run.resolv), func(t *testing.T) {
			nss := d.write(t, "nsswitch-"+strings.NewReplacer(" ", "_", "[", "", "]", "", "=", "", "!", "").Replace(order),
				"passwd: files\nhosts:   "+order+"\n")
			out, err := d.python(t, nss, casesPath)
			if err != nil {
				t.Skipf("cannot run python3 in the namespace with private files: %v", err)
			}
			var want []resolveOutcome
			if err := json.Unmarshal([]byte(out), &want); err != nil || len(want) != len(cases) {
				t.Fatalf("python3 answered %d cases of %d: %v", len(want), len(cases), err)
			}
			got := make([]resolveOutcome, len(cases))
			restore := d.useFiles(t, nss)
			d.ns.Do(t, func() {
				for i, c := range cases {
					got[i] = runResolveCase(t, c)
				}
			})
			restore()
			for i, c := range cases {
				g, w := normalizeOutcome(t, got[i]), normalizeOutcome(t, want[i])
				if !reflect.DeepEqual(g, w) {
					t.Errorf("%s%v\n got  %s\n want %s", c.Fn, c.Args, jsonText(g), jsonText(w))
				}
			}
			total += len(cases)
			runs++
		})
	}
	d.resolv = defaultResolv
	t.Logf("%d cases compared with glibc in %d runs (hosts: lines and resolv.conf files)", total, runs)
}

// TestDNSErrorChain checks what Go code gets beside Python's codes: the
// *net.DNSError in the chain of every DNS failure, and lookups bounded by
// a context.
func TestDNSErrorChain(t *testing.T) {
	d := newTestDNS(t)
	nss := d.write(t, "nsswitch.conf", "hosts: files dns\n")
	defer d.useFiles(t, nss)()
	t.Run("not found", func(t *testing.T) {
		d.ns.Do(t, func() {
			_, err := socket.Getaddrinfo("nosuch.example.test", "80", socket.AF_INET, 0, 0, 0)
			var gai *socket.GaiError
			var de *net.DNSError
			if !errors.As(err, &gai) || gai.Code != socket.EAI_NONAME || !errors.As(err, &de) {
				t.Fatalf("Getaddrinfo = %v, want EAI_NONAME with a *net.DNSError", err)
			}
			if !de.IsNotFound || de.IsTimeout || de.Server != "127.0.0.1:53" || de.Name != "nosuch.example.test" {
				t.Errorf("DNSError = %+v, want IsNotFound from 127.0.0.1:53 for the name asked", de)
			}
		})
	})
	t.Run("server silent", func(t *testing.T) {
		d.ns.Do(t, func() {
			_, err := socket.Getaddrinfo("silent.example.test", "80", socket.AF_INET, 0, 0, 0)
			var gai *socket.GaiError
			var de *net.DNSError
			// glibc's nss_dns takes a timeout as UNAVAIL: EAI_NONAME.
			if !errors.As(err, &gai) || gai.Code != socket.EAI_NONAME || !errors.As(err, &de) || !de.IsTimeout {
				t.Fatalf("Getaddrinfo = %v, want EAI_NONAME with a timed-out *net.DNSError", err)
			}
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Errorf("Getaddrinfo = %v, want a net.Error whose Timeout is true", err)
			}
		})
	})
	t.Run("context deadline", func(t *testing.T) {
		d.ns.Do(t, func() {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			_, err := socket.GetaddrinfoContext(ctx, "silent.example.test", "80", socket.AF_INET, 0, 0, 0)
			var gai *socket.GaiError
			var de *net.DNSError
			if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &gai) || gai.Code != socket.EAI_AGAIN || !errors.As(err, &de) || !de.IsTimeout {
				t.Fatalf("GetaddrinfoContext = %v, want EAI_AGAIN, DeadlineExceeded and a *net.DNSError (%#v)", err, gai.Err)
			}
		})
	})
	t.Run("context cancelled", func(t *testing.T) {
		d.ns.Do(t, func() {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			for _, call := range []func() error{
				func() error { _, err := socket.GethostbynameContext(ctx, "silent.example.test"); return err },
				func() error {
					_, err := socket.CreateConnectionContext(ctx, "silent.example.test", 80, nil)
					return err
				},
				func() error { _, _, _, err := socket.GethostbyaddrContext(ctx, "10.9.0.99"); return err },
				func() error {
					_, _, err := socket.GetnameinfoContext(ctx, socket.InetAddr{Host: "10.9.0.99", Port: 80}, 0)
					return err
				},
				func() error { _, _, _, err := socket.GethostbynameExContext(ctx, "silent.example.test"); return err },
				func() error { _, err := socket.GetfqdnContext(ctx, "10.9.0.99"); return err },
			} {
				if err := call(); !errors.Is(err, context.Canceled) {
					t.Errorf("lookup under a cancelled context = %v, want context.Canceled", err)
				}
			}
		})
	})
	t.Run("truncated reply", func(t *testing.T) {
		d.ns.Do(t, func() {
			before := d.tcpQueries.Load()
			_, _, addrs, err := socket.GethostbynameEx("big")
			if err != nil || len(addrs) != len(bigAddrs()) {
				t.Fatalf("GethostbynameEx(big) = %d addresses, %v; want %d", len(addrs), err, len(bigAddrs()))
			}
			if d.tcpQueries.Load() == before {
				t.Errorf("the truncated reply was not asked again over TCP")
			}
		})
	})
	t.Run("gethostbyaddr unknown", func(t *testing.T) {
		d.ns.Do(t, func() {
			_, _, _, err := socket.Gethostbyaddr("10.9.0.99")
			var he *socket.HError
			if !errors.As(err, &he) || he.Code != 1 {
				t.Fatalf("Gethostbyaddr = %v, want herror 1", err)
			}
		})
	})
	t.Run("resolve before locking", func(t *testing.T) {
		d.ns.Do(t, func() {
			a, err := socket.ResolveAddrContext(context.Background(), "connect", socket.InetAddr{Host: "dnsonly", Port: 7})
			if err != nil || a != (socket.InetAddr{Host: "10.9.0.2", Port: 7}) {
				t.Errorf("ResolveAddrContext(dnsonly) = %v, %v, want 10.9.0.2:7", a, err)
			}
			a, err = socket.ResolveAddrContext(context.Background(), "connect", socket.Inet6Addr{Host: "v6only", Port: 7})
			if err != nil || a != (socket.Inet6Addr{Host: "fd00::93", Port: 7}) {
				t.Errorf("ResolveAddrContext(v6only) = %v, %v, want [fd00::93]:7", a, err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := socket.ResolveAddrContext(ctx, "connect", socket.InetAddr{Host: "dnsonly", Port: 7}); !errors.Is(err, context.Canceled) {
				t.Errorf("ResolveAddrContext under a cancelled context = %v, want context.Canceled", err)
			}
		})
	})
}

// TestHostsSources parses hosts: lines as glibc does.
func TestHostsSources(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"plain", "hosts: files dns\n", []string{"files RCCC", "dns RCCC"}},
		{"reversed", "hosts:dns files # comment\n", []string{"dns RCCC", "files RCCC"}},
		{"criteria", "hosts: files mdns4_minimal [NOTFOUND=return] dns\n", []string{"files RCCC", "mdns4_minimal RRCC", "dns RCCC"}},
		{"negated", "hosts: dns [!UNAVAIL=return] files\n", []string{"dns RRCR", "files RCCC"}},
		{"spaces in brackets", "hosts: dns [ NOTFOUND=return TRYAGAIN=return ] files\n", []string{"dns RRCR", "files RCCC"}},
		{"success continue", "hosts: files [SUCCESS=continue] dns\n", []string{"files CCCC", "dns RCCC"}},
		{"bad criterion ends the line", "hosts: files [BOGUS=return] dns\n", []string{"files RCCC"}},
		{"no hosts line", "passwd: files\n", []string{"dns RRCR", "files RCCC"}},
		{"empty hosts line", "hosts:\n", []string{"dns RRCR", "files RCCC"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_"))
			if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			defer socket.SetNsswitchPath(p)()
			if got := socket.HostsSources(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("hosts sources of %q = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		defer socket.SetNsswitchPath(filepath.Join(dir, "absent"))()
		if got, want := socket.HostsSources(), []string{"dns RRCR", "files RCCC"}; !reflect.DeepEqual(got, want) {
			t.Errorf("hosts sources without nsswitch.conf = %q, want glibc's default %q", got, want)
		}
	})
}
