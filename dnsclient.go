package socket

import (
	"context"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// The "dns" source of the host lookups: a stub resolver over the servers
// of resolv.conf, as glibc's res_search, so that the lookups follow
// nsswitch.conf's order and DNS never answers from /etc/hosts. Its sockets
// are this package's, waiting in the runtime's poller.

// resolvConfPath is the resolver configuration, as glibc reads it.
var resolvConfPath = "/etc/resolv.conf"

// dnsConf is what the stub resolver takes from resolv.conf, with glibc's
// defaults and limits.
type dnsConf struct {
	servers  []netip.AddrPort
	search   []string // absolute, with the trailing dot
	ndots    int
	timeout  time.Duration
	attempts int
}

const (
	dnsMaxServers  = 3 // MAXNS
	dnsMaxNdots    = 15
	dnsMaxTimeout  = 30
	dnsMaxAttempts = 5
	dnsPort        = 53
)

// readDNSConf reads resolv.conf as glibc's res_init: nameserver (up to
// three; 127.0.0.1 when none), domain and search (the last one wins; the
// host name's domain when neither is given), options ndots, timeout and
// attempts.
func readDNSConf() *dnsConf {
	c := &dnsConf{ndots: 1, timeout: 5 * time.Second, attempts: 2}
	haveSearch := false
	if data, err := os.ReadFile(resolvConfPath); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if i := strings.IndexAny(line, "#;"); i >= 0 {
				line = line[:i]
			}
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			switch f[0] {
			case "nameserver":
				if len(c.servers) >= dnsMaxServers {
					continue
				}
				h, zone, _ := strings.Cut(f[1], "%")
				ip, err := netip.ParseAddr(h)
				if err != nil {
					continue
				}
				if zone != "" && ip.Is6() {
					ip = ip.WithZone(zone)
				}
				c.servers = append(c.servers, netip.AddrPortFrom(ip, dnsPort))
			case "domain":
				c.search, haveSearch = []string{absName(f[1])}, true
			case "search":
				c.search, haveSearch = nil, true
				for _, d := range f[1:] {
					c.search = append(c.search, absName(d))
				}
			case "options":
				for _, o := range f[1:] {
					k, v, _ := strings.Cut(o, ":")
					n, err := strconv.Atoi(v)
					if err != nil || n < 0 {
						continue
					}
					switch k {
					case "ndots":
						c.ndots = min(n, dnsMaxNdots)
					case "timeout":
						c.timeout = time.Duration(max(1, min(n, dnsMaxTimeout))) * time.Second
					case "attempts":
						c.attempts = max(1, min(n, dnsMaxAttempts))
					}
				}
			}
		}
	}
	if len(c.servers) == 0 {
		c.servers = []netip.AddrPort{netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), dnsPort)}
	}
	if !haveSearch {
		if h, err := os.Hostname(); err == nil {
			if _, d, ok := strings.Cut(h, "."); ok && d != "" {
				c.search = []string{absName(d)}
			}
		}
	}
	return c
}

func absName(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// glibc's h_errno values that decide a failed lookup's EAI_* code.
const (
	hHostNotFound = 1
	hTryAgain     = 2
	hNoData       = 4
)

// dnsFailure is a lookup that got no answer: its nsswitch status (UNAVAIL
// when the last query got no usable reply, as glibc's nss_dns says for
// ETIMEDOUT and ECONNREFUSED; NOTFOUND otherwise), glibc's h_errno for it,
// and the standard library's error. ended says that ctx ended the lookup,
// refused that every server refused.
type dnsFailure struct {
	status  nssStatus
	herrno  int
	err     *net.DNSError
	ended   bool
	refused bool
}

// ctxDNSError is the *net.DNSError for a lookup that ctx ended; it unwraps
// to ctx's error.
func ctxDNSError(name string, err error) *net.DNSError {
	return &net.DNSError{Err: err.Error(), Name: name, IsTimeout: errors.Is(err, context.DeadlineExceeded), UnwrapErr: err}
}

// ctxEnded returns ctx's error when ctx ended the call that returned err:
// the call may see ctx's deadline pass before ctx says so.
func ctxEnded(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if errors.Is(err, context.DeadlineExceeded) {
		if _, ok := ctx.Deadline(); ok {
			return context.DeadlineExceeded
		}
	}
	return nil
}

// query asks the servers, attempts times each in turn, for the records of
// qtype of the absolute name fqdn, and returns the first reply with the
// NOERROR or NXDOMAIN code, or the failure, TRY_AGAIN and UNAVAIL: every
// server failed, timed out or refused.
func (c *dnsConf) query(ctx context.Context, fqdn string, qtype dnsmessage.Type) (*dnsmessage.Message, string, *dnsFailure) {
	name, err := dnsmessage.NewName(fqdn)
	if err != nil {
		return nil, "", &dnsFailure{status: nssNotFound, herrno: hHostNotFound, err: &net.DNSError{Err: "no such host", Name: fqdn, IsNotFound: true}}
	}
	id := uint16(rand.Uint32())
	b := dnsmessage.NewBuilder(make([]byte, 0, 512), dnsmessage.Header{ID: id, RecursionDesired: true})
	b.EnableCompression()
	_ = b.StartQuestions()
	_ = b.Question(dnsmessage.Question{Name: name, Type: qtype, Class: dnsmessage.ClassINET})
	q, err := b.Finish()
	if err != nil {
		return nil, "", &dnsFailure{status: nssNotFound, herrno: hHostNotFound, err: &net.DNSError{Err: err.Error(), Name: fqdn}}
	}
	refused, servfail := 0, false
	lastServer := ""
	for range c.attempts {
		for _, srv := range c.servers {
			lastServer = srv.String()
			if err := ctx.Err(); err != nil {
				return nil, lastServer, &dnsFailure{status: nssTryAgain, herrno: hTryAgain, ended: true, err: ctxDNSError(fqdn, err)}
			}
			m, err := dnsExchange(ctx, srv, q, id, name, qtype, c.timeout)
			if err != nil {
				if cerr := ctxEnded(ctx, err); cerr != nil {
					return nil, lastServer, &dnsFailure{status: nssTryAgain, herrno: hTryAgain, ended: true, err: ctxDNSError(fqdn, cerr)}
				}
				if errors.Is(err, syscall.ECONNREFUSED) {
					refused++
				}
				continue
			}
			switch m.RCode {
			case dnsmessage.RCodeSuccess, dnsmessage.RCodeNameError:
				return m, lastServer, nil
			}
			servfail = true
		}
	}
	if refused == c.attempts*len(c.servers) {
		return nil, lastServer, &dnsFailure{status: nssUnavail, herrno: hTryAgain, refused: true, err: &net.DNSError{Err: "connection refused", Name: fqdn, Server: lastServer, IsTemporary: true}}
	}
	if servfail {
		return nil, lastServer, &dnsFailure{status: nssUnavail, herrno: hTryAgain, err: &net.DNSError{Err: "server misbehaving", Name: fqdn, Server: lastServer, IsTemporary: true}}
	}
	return nil, lastServer, &dnsFailure{status: nssUnavail, herrno: hTryAgain, err: &net.DNSError{Err: "i/o timeout", Name: fqdn, Server: lastServer, IsTimeout: true, IsTemporary: true}}
}

// dnsExchange sends the query q over UDP and waits up to timeout for its
// reply; a truncated reply is asked again over TCP.
func dnsExchange(ctx context.Context, srv netip.AddrPort, q []byte, id uint16, name dnsmessage.Name, qtype dnsmessage.Type, timeout time.Duration) (*dnsmessage.Message, error) {
	deadline := time.Now().Add(timeout)
	family := AF_INET
	var to Addr = InetAddr{Host: srv.Addr().String(), Port: int(srv.Port())}
	if !srv.Addr().Is4() {
		family = AF_INET6
		zone := uint32(0)
		if z := srv.Addr().Zone(); z != "" {
			if ifi, err := net.InterfaceByName(z); err == nil {
				zone = uint32(ifi.Index)
			}
		}
		to = Inet6Addr{Host: srv.Addr().WithZone("").String(), Port: int(srv.Port()), ScopeID: zone}
	}
	s, err := New(family, SOCK_DGRAM, 0)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.ConnectContext(ctx, to); err != nil {
		return nil, err
	}
	if _, err := s.SendContext(ctx, q); err != nil {
		return nil, err
	}
	buf := make([]byte, 512)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return nil, os.ErrDeadlineExceeded
		}
		if err := s.Settimeout(left); err != nil {
			return nil, err
		}
		n, err := s.RecvIntoContext(ctx, buf)
		if err != nil {
			return nil, err
		}
		var m dnsmessage.Message
		if m.Unpack(buf[:n]) != nil || !m.Response || m.ID != id || !sameQuestion(&m, name, qtype) {
			continue // not the reply to this query
		}
		if !m.Truncated {
			return &m, nil
		}
		return dnsExchangeTCP(ctx, family, to, q, id, deadline)
	}
}

func sameQuestion(m *dnsmessage.Message, name dnsmessage.Name, qtype dnsmessage.Type) bool {
	return len(m.Questions) == 1 && m.Questions[0].Type == qtype &&
		strings.EqualFold(m.Questions[0].Name.String(), name.String())
}

// dnsExchangeTCP sends q over TCP with its two-byte length and reads the
// reply.
func dnsExchangeTCP(ctx context.Context, family AddressFamily, to Addr, q []byte, id uint16, deadline time.Time) (*dnsmessage.Message, error) {
	s, err := New(family, SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	left := time.Until(deadline)
	if left <= 0 {
		return nil, os.ErrDeadlineExceeded
	}
	if err := s.Settimeout(left); err != nil {
		return nil, err
	}
	if err := s.ConnectContext(ctx, to); err != nil {
		return nil, err
	}
	msg := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(q)), uint16(len(q)))
	if err := s.SendallContext(ctx, append(msg, q...)); err != nil {
		return nil, err
	}
	readFull := func(p []byte) error {
		for len(p) > 0 {
			n, err := s.RecvIntoContext(ctx, p)
			if err != nil {
				return err
			}
			if n == 0 {
				return syscall.ECONNRESET
			}
			p = p[n:]
		}
		return nil
	}
	var l [2]byte
	if err := readFull(l[:]); err != nil {
		return nil, err
	}
	body := make([]byte, binary.BigEndian.Uint16(l[:]))
	if err := readFull(body); err != nil {
		return nil, err
	}
	var m dnsmessage.Message
	if err := m.Unpack(body); err != nil {
		return nil, err
	}
	if m.ID != id {
		return nil, syscall.EBADMSG
	}
	return &m, nil
}

// dnsHost is what DNS says of a host name: its addresses (A records, then
// AAAA), the name they belong to after the CNAME chain, and the chain's
// other names (glibc's aliases).
type dnsHost struct {
	addrs   []netip.Addr
	canon   string
	aliases []string
}

// dnsLookupHost resolves name to its addresses of the family (AF_UNSPEC
// for both) as glibc's res_search: a name with ndots dots or more (or a
// trailing dot) is asked as it is first, then with each search domain
// (stopping at a failure other than a server failure), then as it is if
// not asked yet. A failed search reports the first query's h_errno when
// the name was asked as it is first, else NO_DATA if a name had no
// addresses of the family, else TRY_AGAIN if a server failed, else the
// last query's; its status is the last query's.
func dnsLookupHost(ctx context.Context, name string, family AddressFamily) (*dnsHost, *dnsFailure) {
	c := readDNSConf()
	var qtypes []dnsmessage.Type
	switch family {
	case AF_INET:
		qtypes = []dnsmessage.Type{dnsmessage.TypeA}
	case AF_INET6:
		qtypes = []dnsmessage.Type{dnsmessage.TypeAAAA}
	default:
		qtypes = []dnsmessage.Type{dnsmessage.TypeA, dnsmessage.TypeAAAA}
	}
	// try asks for one absolute name: its addresses, or why none.
	try := func(fq string) (*dnsHost, *dnsFailure) {
		h := &dnsHost{}
		exists := false
		server := ""
		var fail *dnsFailure
		for _, qt := range qtypes {
			m, srv, f := c.query(ctx, fq, qt)
			if f != nil {
				if f.ended || f.refused {
					return nil, f
				}
				fail = f
				continue
			}
			server = srv
			exists = exists || m.RCode == dnsmessage.RCodeSuccess
			answerAddrs(m, fq, qt, h)
		}
		switch {
		case len(h.addrs) > 0:
			return h, nil
		case fail != nil:
			return nil, fail
		case exists:
			return nil, &dnsFailure{status: nssNotFound, herrno: hNoData, err: &net.DNSError{Err: "no such host", Name: name, Server: server, IsNotFound: true}}
		}
		return nil, &dnsFailure{status: nssNotFound, herrno: hHostNotFound, err: &net.DNSError{Err: "no such host", Name: name, Server: server, IsNotFound: true}}
	}
	stop := func(f *dnsFailure) bool { return f.ended || f.refused }
	dots := strings.Count(name, ".")
	trailing := strings.HasSuffix(name, ".")
	var saved, nodata, servfail, last *dnsFailure
	triedAsIs := false
	if dots >= c.ndots || trailing {
		h, f := try(strings.TrimSuffix(name, ".") + ".")
		if f == nil {
			return h, nil
		}
		if trailing || stop(f) {
			f.err.Name = name
			return nil, f
		}
		saved, last, triedAsIs = f, f, true
	}
	for _, d := range c.search {
		if d == "." {
			continue
		}
		h, f := try(name + "." + d)
		if f == nil {
			return h, nil
		}
		if stop(f) {
			f.err.Name = name
			return nil, f
		}
		last = f
		if f.herrno == hNoData && nodata == nil {
			nodata = f
		}
		if f.herrno == hNoData || f.herrno == hHostNotFound {
			continue
		}
		if f.err.Err == "server misbehaving" {
			if servfail == nil {
				servfail = f
			}
			continue
		}
		break // a timeout ends the search
	}
	if !triedAsIs {
		h, f := try(name + ".")
		if f == nil {
			return h, nil
		}
		if stop(f) {
			f.err.Name = name
			return nil, f
		}
		last = f
	}
	out := last
	switch {
	case saved != nil:
		out = saved
	case nodata != nil:
		out = nodata
	case servfail != nil:
		out = servfail
	}
	r := *out
	r.status = last.status
	r.err.Name = name
	return nil, &r
}

// answerAddrs adds to h the records of qtype that the reply gives for
// fqdn, following the CNAME chain.
func answerAddrs(m *dnsmessage.Message, fqdn string, qtype dnsmessage.Type, h *dnsHost) {
	target := fqdn
	var chain []string
	for range 16 {
		next := ""
		for _, rr := range m.Answers {
			if rr.Header.Type == dnsmessage.TypeCNAME && strings.EqualFold(rr.Header.Name.String(), target) {
				next = rr.Body.(*dnsmessage.CNAMEResource).CNAME.String()
				break
			}
		}
		if next == "" {
			break
		}
		chain = append(chain, target)
		target = next
	}
	n := 0
	for _, rr := range m.Answers {
		if rr.Header.Type != qtype || !strings.EqualFold(rr.Header.Name.String(), target) {
			continue
		}
		switch b := rr.Body.(type) {
		case *dnsmessage.AResource:
			h.addrs = append(h.addrs, netip.AddrFrom4(b.A))
			n++
		case *dnsmessage.AAAAResource:
			h.addrs = append(h.addrs, netip.AddrFrom16(b.AAAA))
			n++
		}
	}
	if n > 0 && h.canon == "" {
		h.canon = strings.TrimSuffix(target, ".")
		for _, a := range chain {
			h.aliases = append(h.aliases, strings.TrimSuffix(a, "."))
		}
	}
}

// dnsLookupAddr returns the names of a 4- or 16-byte address from its PTR
// records.
func dnsLookupAddr(ctx context.Context, raw []byte) ([]string, *dnsFailure) {
	c := readDNSConf()
	var b strings.Builder
	if len(raw) == 4 {
		for i := 3; i >= 0; i-- {
			b.WriteString(strconv.Itoa(int(raw[i])))
			b.WriteByte('.')
		}
		b.WriteString("in-addr.arpa.")
	} else {
		for i := 15; i >= 0; i-- {
			b.WriteByte(hexdig[raw[i]&15])
			b.WriteByte('.')
			b.WriteByte(hexdig[raw[i]>>4])
			b.WriteByte('.')
		}
		b.WriteString("ip6.arpa.")
	}
	fq := b.String()
	m, srv, f := c.query(ctx, fq, dnsmessage.TypePTR)
	if f != nil {
		return nil, f
	}
	var names []string
	for _, rr := range m.Answers {
		if p, ok := rr.Body.(*dnsmessage.PTRResource); ok {
			names = append(names, strings.TrimSuffix(p.PTR.String(), "."))
		}
	}
	if len(names) == 0 {
		return nil, &dnsFailure{status: nssNotFound, herrno: hHostNotFound, err: &net.DNSError{Err: "no such host", Name: fq, Server: srv, IsNotFound: true}}
	}
	return names, nil
}
