package socket

import (
	"context"
	"errors"
	"math"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// The operation names of the resolver functions.
const (
	opGetaddrinfo     = "getaddrinfo"
	opGetnameinfo     = "getnameinfo"
	opGethostbyname   = "gethostbyname"
	opGethostbynameEx = "gethostbyname_ex"
	opGethostbyaddr   = "gethostbyaddr"
	opGetfqdn         = "getfqdn"
	opGethostname     = "gethostname"
	opSethostname     = "sethostname"
	opGetservbyname   = "getservbyname"
	opGetservbyport   = "getservbyport"
	opGetprotobyname  = "getprotobyname"
)

// ErrNotFound is matched (errors.Is) by the cause of the errors that
// Getservbyname, Getservbyport, Getprotobyname and IfNametoindex return
// when the database has no such entry; the cause's text is Python's
// ("service/proto not found", "protocol not found").
var ErrNotFound = errors.New("not found")

// notFound is a lookup failure that Python raises as an OSError with a
// message and no errno.
type notFound struct{ msg string }

func (e *notFound) Error() string        { return e.msg }
func (e *notFound) Is(target error) bool { return target == ErrNotFound }

// AddrInfo is one result of Getaddrinfo, as the 5-tuple of Python's
// socket.getaddrinfo: (family, type, proto, canonname, sockaddr). Sockaddr
// is an InetAddr or an Inet6Addr with a numeric host.
type AddrInfo struct {
	Family    AddressFamily
	Type      SocketKind
	Proto     int
	Canonname string
	Sockaddr  Addr
}

// glibc's flags beyond the AI_* constants that getaddrinfo accepts.
const gaiFlagsMask = 0x7ff

// gaiTypeProto is glibc's table of the socket types and protocols that
// getaddrinfo knows, in its order.
type typeProto struct {
	kind      SocketKind
	proto     int
	protoAny  bool // any protocol goes (SOCK_RAW)
	noService bool // a service is an error (SOCK_RAW)
	deflt     bool // returned when neither type nor protocol is asked for
	name      string
}

var gaiTypeProto = [...]typeProto{
	{kind: SOCK_STREAM, proto: IPPROTO_TCP, deflt: true, name: "tcp"},
	{kind: SOCK_DGRAM, proto: IPPROTO_UDP, deflt: true, name: "udp"},
	{kind: sockDCCP, proto: ipprotoDCCP, name: "dccp"},
	{kind: SOCK_DGRAM, proto: ipprotoUDPLite, name: "udplite"},
	{kind: SOCK_STREAM, proto: IPPROTO_SCTP, name: "sctp"},
	{kind: SOCK_SEQPACKET, proto: IPPROTO_SCTP, name: "sctp"},
	{kind: SOCK_RAW, protoAny: true, noService: true, deflt: true, name: "raw"},
}

type servTuple struct {
	kind  SocketKind
	proto int
	port  int
}

// gaiAddr is one address that a host resolved to, before the expansion by
// socket type: 4 or 16 bytes and an IPv6 scope.
type gaiAddr struct {
	ip    netip.Addr
	scope uint32
}

// Getaddrinfo translates a host and a port into the addresses to reach
// them, as Python's socket.getaddrinfo, with glibc's getaddrinfo(3)
// behaviour: the same entries in the same order. host "" is Python's None
// (the loopback addresses, or the any addresses with AI_PASSIVE); port ""
// is None, otherwise a number or a service name from /etc/services. Names
// are looked up in the sources of nsswitch.conf's hosts: line, in its order
// and with its [STATUS=ACTION] criteria: "files" is /etc/hosts, "dns" the
// servers of resolv.conf (search, ndots, timeout, attempts), other sources
// are passed over as unavailable;
// non-ASCII names are encoded with IDNA as Python does. A kind and proto of
// 0 expand to the stream, datagram and raw entries; canonname (with
// AI_CANONNAME) is on the first entry only. The results are sorted by
// glibc's RFC 3484 rules, which probe source addresses with unconnected
// UDP sockets.
//
// Errors are *Error with Op "getaddrinfo" and a *GaiError cause (the EAI_*
// code and glibc's message: EAI_NONAME "Name or service not known",
// EAI_SERVICE, EAI_SOCKTYPE, EAI_FAMILY, EAI_BADFLAGS, EAI_ADDRFAMILY), or a
// *ValueError for a host that IDNA rejects or an embedded NUL. A DNS
// failure keeps the standard library's *net.DNSError in the GaiError's
// chain (errors.As finds it, with IsNotFound, IsTimeout and the server).
func Getaddrinfo(host, port string, family AddressFamily, kind SocketKind, proto, flags int) ([]AddrInfo, error) {
	return GetaddrinfoContext(context.Background(), host, port, family, kind, proto, flags)
}

// GetaddrinfoContext is Getaddrinfo bounded by ctx: the DNS queries end
// when ctx does, and the lookup then fails with a *GaiError of code
// EAI_AGAIN whose chain holds a *net.DNSError and ctx's error
// (errors.Is(err, context.Canceled) or context.DeadlineExceeded holds).
// A nil ctx is an *Error with a *ValueError naming ctx. Other errors as
// Getaddrinfo.
func GetaddrinfoContext(ctx context.Context, host, port string, family AddressFamily, kind SocketKind, proto, flags int) ([]AddrInfo, error) {
	if ctx == nil {
		return nil, nilCtxErr(opGetaddrinfo)
	}
	hostp, portp := &host, &port
	if host == "" {
		hostp = nil
	}
	if port == "" {
		portp = nil
	}
	if strings.IndexByte(host, 0) >= 0 {
		return nil, valueErr(opGetaddrinfo, nil, "host", msgEmbeddedNul)
	}
	if strings.IndexByte(port, 0) >= 0 {
		return nil, valueErr(opGetaddrinfo, nil, "port", msgEmbeddedNul)
	}
	if hostp != nil {
		h, err := idnaEncode(host)
		if err != nil {
			return nil, &Error{Op: opGetaddrinfo, Err: err}
		}
		hostp = &h
	}
	res, err := getaddrinfo(ctx, hostp, portp, family, kind, proto, flags)
	if err != nil {
		return nil, &Error{Op: opGetaddrinfo, Err: err}
	}
	return res, nil
}

// idnaProfile is the closest to Python's "idna" codec (IDNA 2003 with
// nameprep and transitional mapping, no STD3 rules).
var idnaProfile = idna.New(idna.MapForLookup(), idna.Transitional(true), idna.StrictDomainName(false), idna.BidiRule())

// idnaEncode encodes a host name as Python's "idna" codec: ASCII labels are
// kept as they are (but must be 1 to 63 bytes long), others go through
// ToASCII.
func idnaEncode(host string) (string, error) {
	labels := strings.Split(host, ".")
	ascii := true
	for i := 0; i < len(host); i++ {
		if host[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for _, l := range labels[:len(labels)-1] {
			if len(l) == 0 || len(l) > 63 {
				return "", &ValueError{Arg: "host", Msg: "encoding with 'idna' codec failed (UnicodeError: label empty or too long)"}
			}
		}
		if len(labels[len(labels)-1]) > 63 {
			return "", &ValueError{Arg: "host", Msg: "encoding with 'idna' codec failed (UnicodeError: label too long)"}
		}
		return host, nil
	}
	// Python's codec also splits at the ideographic and full-width stops.
	labels = labels[:0]
	start := 0
	for i, r := range host {
		if r == '.' || r == '\u3002' || r == '\uff0e' || r == '\uff61' {
			labels = append(labels, host[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	labels = append(labels, host[start:])
	for i, l := range labels {
		if i == len(labels)-1 && l == "" {
			break
		}
		isASCII := true
		for j := 0; j < len(l); j++ {
			if l[j] >= utf8.RuneSelf {
				isASCII = false
				break
			}
		}
		if !isASCII {
			a, err := idnaProfile.ToASCII(l)
			if err != nil {
				return "", &ValueError{Arg: "host", Msg: "encoding with 'idna' codec failed (UnicodeError: " + err.Error() + ")"}
			}
			l = a
		}
		if len(l) == 0 || len(l) > 63 {
			return "", &ValueError{Arg: "host", Msg: "encoding with 'idna' codec failed (UnicodeError: label empty or too long)"}
		}
		labels[i] = l
	}
	return strings.Join(labels, "."), nil
}

// getaddrinfo is glibc's getaddrinfo over a C-style host and service (nil
// for NULL); the error is a *GaiError.
func getaddrinfo(ctx context.Context, hostp, servp *string, family AddressFamily, kind SocketKind, proto, flags int) ([]AddrInfo, error) {
	if hostp != nil && *hostp == "*" {
		hostp = nil
	}
	if servp != nil && *servp == "*" {
		servp = nil
	}
	if hostp == nil && servp == nil {
		return nil, gaiErr(EAI_NONAME)
	}
	if flags&^gaiFlagsMask != 0 {
		return nil, gaiErr(EAI_BADFLAGS)
	}
	if flags&AI_CANONNAME != 0 && hostp == nil {
		return nil, gaiErr(EAI_BADFLAGS)
	}
	if family != AF_UNSPEC && family != AF_INET && family != AF_INET6 {
		return nil, gaiErr(EAI_FAMILY)
	}
	// The service: a number as strtoul(3) reads it in base 10, kept in a C
	// int, or a name.
	servNum := 0
	servName := false
	if servp != nil {
		v, rest, ok := strtoulBase10(*servp)
		if rest != "" {
			if flags&AI_NUMERICSERV != 0 {
				return nil, gaiErr(EAI_NONAME)
			}
			servName = true
		} else {
			if !ok {
				v = ^uint64(0)
			}
			servNum = int(int32(uint32(v)))
			if servNum < 0 {
				servName = true
			}
		}
	}
	if flags&AI_ADDRCONFIG != 0 {
		v4, v6 := seenFamilies()
		if family == AF_UNSPEC && (v4 || v6) {
			if v4 != v6 {
				family = AF_INET6
				if v4 {
					family = AF_INET
				}
			}
		} else if (family == AF_INET && !v4) || (family == AF_INET6 && !v6) {
			return nil, gaiErr(EAI_NONAME)
		}
	}

	// The socket types and protocols (gaih_inet).
	tp := -1
	if proto != 0 || kind != 0 {
		for i := range gaiTypeProto {
			t := &gaiTypeProto[i]
			if (kind != 0 && kind != t.kind) || (proto != 0 && !t.protoAny && proto != t.proto) {
				continue
			}
			tp = i
			break
		}
		if tp < 0 {
			if kind != 0 {
				return nil, gaiErr(EAI_SOCKTYPE)
			}
			return nil, gaiErr(EAI_SERVICE)
		}
	}
	var st []servTuple
	if servp != nil && tp >= 0 && gaiTypeProto[tp].noService {
		return nil, gaiErr(EAI_SERVICE)
	}
	if servp != nil && servName {
		if tp >= 0 {
			t := &gaiTypeProto[tp]
			e, ok := lookupServByName(*servp, t.name)
			if !ok {
				return nil, gaiErr(EAI_SERVICE)
			}
			st = append(st, servTuple{t.kind, tpProto(t, proto), e.port})
		} else {
			for i := range gaiTypeProto {
				t := &gaiTypeProto[i]
				if t.noService {
					continue
				}
				e, ok := lookupServByName(*servp, t.name)
				if !ok {
					continue
				}
				st = append(st, servTuple{t.kind, tpProto(t, proto), e.port})
			}
			if len(st) == 0 {
				return nil, gaiErr(EAI_SERVICE)
			}
		}
	} else {
		port := servNum & 0xffff
		if tp >= 0 {
			t := &gaiTypeProto[tp]
			st = append(st, servTuple{t.kind, tpProto(t, proto), port})
		} else {
			for i := range gaiTypeProto {
				if t := &gaiTypeProto[i]; t.deflt {
					st = append(st, servTuple{t.kind, t.proto, port})
				}
			}
		}
	}

	// The addresses.
	var addrs []gaiAddr
	canon := ""
	if hostp == nil {
		if family == AF_UNSPEC || family == AF_INET6 {
			ip := netip.IPv6Loopback()
			if flags&AI_PASSIVE != 0 {
				ip = netip.IPv6Unspecified()
			}
			addrs = append(addrs, gaiAddr{ip: ip})
		}
		if family == AF_UNSPEC || family == AF_INET {
			ip := netip.AddrFrom4([4]byte{127, 0, 0, 1})
			if flags&AI_PASSIVE != 0 {
				ip = netip.IPv4Unspecified()
			}
			addrs = append(addrs, gaiAddr{ip: ip})
		}
	} else {
		name := *hostp
		numeric := false
		if v, ok := parseInetAton(name); ok && !strings.ContainsAny(name, " \t\n\v\f\r") {
			var b [4]byte
			b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
			ip := netip.AddrFrom4(b)
			switch {
			case family == AF_UNSPEC || family == AF_INET:
			case family == AF_INET6 && flags&AI_V4MAPPED != 0:
				ip = netip.AddrFrom16(ip.As16())
			default:
				return nil, gaiErr(EAI_ADDRFAMILY)
			}
			addrs = append(addrs, gaiAddr{ip: ip})
			numeric = true
		} else {
			lit, zone, hasZone := strings.Cut(name, "%")
			var a6 [16]byte
			if parsePton6(lit, &a6) {
				ip := netip.AddrFrom16(a6)
				switch {
				case family == AF_UNSPEC || family == AF_INET6:
				case family == AF_INET && ip.Is4In6():
					ip = ip.Unmap()
				default:
					return nil, gaiErr(EAI_ADDRFAMILY)
				}
				a := gaiAddr{ip: ip}
				if hasZone {
					scope, ok := scopeidPton(a6[:], zone)
					if !ok {
						return nil, gaiErr(EAI_NONAME)
					}
					a.scope = scope
				}
				addrs = append(addrs, a)
				numeric = true
			}
		}
		if numeric {
			if flags&AI_CANONNAME != 0 {
				canon = name
			}
		} else {
			if flags&AI_NUMERICHOST != 0 {
				return nil, gaiErr(EAI_NONAME)
			}
			var err error
			addrs, canon, err = lookupHostAddrs(ctx, name, family, flags)
			if err != nil {
				return nil, err
			}
		}
	}

	// Expand by socket type and sort as glibc does.
	out := make([]AddrInfo, 0, len(addrs)*len(st))
	for _, a := range addrs {
		for _, t := range st {
			ai := AddrInfo{Type: t.kind, Proto: t.proto}
			if a.ip.Is4() {
				ai.Family = AF_INET
				b := a.ip.As4()
				ai.Sockaddr = InetAddr{Host: formatIPv4(b[:]), Port: t.port}
			} else {
				ai.Family = AF_INET6
				b := a.ip.As16()
				ai.Sockaddr = Inet6Addr{Host: formatIPv6(b[:]), Port: t.port, ScopeID: a.scope}
			}
			out = append(out, ai)
		}
	}
	if len(addrs) > 1 {
		out = rfc3484Sort(out)
	}
	if len(out) > 0 {
		out[0].Canonname = canon
	}
	return out, nil
}

func tpProto(t *typeProto, proto int) int {
	if t.protoAny {
		return proto
	}
	return t.proto
}

// strtoulBase10 reads s as strtoul(s, &end, 10) does: leading white space,
// an optional sign, decimal digits. It returns the value, what follows the
// number (all of s when there is no number), and false on overflow.
func strtoulBase10(s string) (uint64, string, bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	ok := true
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if v > (^uint64(0)-d)/10 {
			ok = false
		}
		v = v*10 + d
		i++
	}
	if i == start {
		return 0, s, true
	}
	if neg {
		v = -v
	}
	return v, s[i:], ok
}

// scopeidPton is glibc's __inet6_scopeid_pton: an interface name (for
// link-local and multicast link-local addresses) or a decimal number.
func scopeidPton(a []byte, zone string) (uint32, bool) {
	linkLocal := (a[0] == 0xfe && a[1]&0xc0 == 0x80) || (a[0] == 0xff && a[1]&0x0f == 0x02)
	if linkLocal {
		if ifi, err := net.InterfaceByName(zone); err == nil && zone != "" {
			return uint32(ifi.Index), true
		}
	}
	if zone == "" {
		return 0, false
	}
	v, rest, ok := strtoulBase10(zone)
	if rest != "" || !ok || v > 0xffffffff || zone[0] < '0' || zone[0] > '9' {
		return 0, false
	}
	return uint32(v), true
}

// seenFamilies reports whether a non-loopback IPv4 and IPv6 address is
// configured, as glibc's AI_ADDRCONFIG checks.
func seenFamilies() (v4, v6 bool) {
	as, err := net.InterfaceAddrs()
	if err != nil {
		return true, true
	}
	for _, a := range as {
		n, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip, ok := netip.AddrFromSlice(n.IP)
		if !ok || ip.Unmap().IsLoopback() {
			continue
		}
		if ip.Unmap().Is4() {
			v4 = true
		} else {
			v6 = true
		}
	}
	return v4, v6
}

// lookupHostAddrs resolves a host name through the sources of
// nsswitch.conf's hosts: line: for AF_INET6 with AI_V4MAPPED a source
// answers with IPv6 or IPv4 addresses, and the IPv4 ones are mapped when
// there is no IPv6 address (or always, with AI_ALL).
func lookupHostAddrs(ctx context.Context, name string, family AddressFamily, flags int) ([]gaiAddr, string, error) {
	wantCanon := flags&AI_CANONNAME != 0
	mapped := family == AF_INET6 && flags&AI_V4MAPPED != 0
	r, err := walkHosts(ctx, name, family, mapped)
	if err != nil {
		return nil, "", err
	}
	canon := ""
	if wantCanon {
		canon = r.canon
	}
	if !mapped {
		return r.addrs, canon, nil
	}
	v6 := r.addrs
	if len(v6) > 0 && flags&AI_ALL == 0 {
		// Mapped addresses beside real IPv6 ones are dropped.
		out := v6[:0]
		for _, a := range v6 {
			if !a.ip.Is4In6() {
				out = append(out, a)
			}
		}
		return out, canon, nil
	}
	for _, a := range r.v4 {
		v6 = append(v6, gaiAddr{ip: netip.AddrFrom16(a.ip.As16())})
	}
	return v6, canon, nil
}

// hostsAnswer is a host name's answer from the first source that had it.
type hostsAnswer struct {
	addrs   []gaiAddr
	v4      []gaiAddr // with v4mapped: the IPv4 addresses, addrs holding the IPv6 ones
	canon   string
	files   []hostEnt // the /etc/hosts lines, when "files" answered
	aliases []string  // the CNAME chain, when "dns" answered
}

// walkHosts asks the sources of the hosts: line in turn, as glibc's
// nss walk, and stops at the first answer or where an action says return.
// The error is a *GaiError with glibc's code for the last source asked:
// EAI_AGAIN when DNS got no usable reply for the name that res_search
// reports (servers failing, timing out or refusing), or ctx ended;
// EAI_NODATA when DNS knows the name without addresses of the family;
// EAI_NONAME otherwise. A DNS failure is in its chain as a *net.DNSError.
// With v4mapped (family AF_INET6), a source answers with IPv6 or IPv4
// addresses, kept apart.
func walkHosts(ctx context.Context, name string, family AddressFamily, v4mapped bool) (*hostsAnswer, error) {
	if err := ctx.Err(); err != nil {
		return nil, &GaiError{Code: EAI_AGAIN, Msg: gaiMessages[EAI_AGAIN], Err: ctxDNSError(name, err)}
	}
	var fail *dnsFailure
	code := EAI_NONAME
	for _, src := range hostsSources() {
		st := nssUnavail
		switch src.name {
		case "files":
			st, code = nssNotFound, EAI_NONAME
			ents := hostsByName(name, family)
			var ents4 []hostEnt
			if v4mapped {
				ents4 = hostsByName(name, AF_INET)
			}
			if len(ents) > 0 || len(ents4) > 0 {
				r := &hostsAnswer{files: ents}
				for _, e := range ents {
					ip, _ := netip.AddrFromSlice(e.addr)
					r.addrs = append(r.addrs, gaiAddr{ip: ip})
				}
				for _, e := range ents4 {
					ip, _ := netip.AddrFromSlice(e.addr)
					r.v4 = append(r.v4, gaiAddr{ip: ip})
				}
				if len(ents) > 0 {
					r.canon = ents[0].names[0]
				} else {
					r.canon = ents4[0].names[0]
				}
				return r, nil
			}
		case "dns":
			ask := family
			if v4mapped {
				ask = AF_UNSPEC
			}
			h, f := dnsLookupHost(ctx, name, ask)
			if f == nil {
				r := &hostsAnswer{canon: h.canon, aliases: h.aliases}
				for _, ip := range h.addrs {
					if ip.Is4In6() && family != AF_INET6 {
						ip = ip.Unmap()
					}
					switch {
					case v4mapped && ip.Is4():
						r.v4 = append(r.v4, gaiAddr{ip: ip})
					case (family == AF_INET && !ip.Is4()) || (family == AF_INET6 && ip.Is4()):
					default:
						r.addrs = append(r.addrs, gaiAddr{ip: ip})
					}
				}
				if len(r.addrs) > 0 || len(r.v4) > 0 {
					return r, nil
				}
				f = &dnsFailure{status: nssNotFound, herrno: hNoData, err: &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}}
			}
			st, fail = f.status, f
			switch {
			case f.ended || (f.status != nssNotFound && f.herrno == hTryAgain):
				code = EAI_AGAIN
			case f.status == nssNotFound && f.herrno == hNoData:
				code = EAI_NODATA
			default:
				code = EAI_NONAME
			}
			if f.ended {
				return nil, &GaiError{Code: code, Msg: gaiMessages[code], Err: f.err}
			}
		}
		if src.ret[st] {
			break
		}
	}
	if fail == nil {
		return nil, gaiErr(code)
	}
	return nil, &GaiError{Code: code, Msg: gaiMessages[code], Err: fail.err}
}

// walkAddr is the reverse walk: the names of a 4- or 16-byte address from
// the first source of the hosts: line that knows it.
func walkAddr(ctx context.Context, raw []byte) (names []string, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, src := range hostsSources() {
		st := nssUnavail
		switch src.name {
		case "files":
			st = nssNotFound
			if e, ok := hostsByAddr(raw); ok {
				return e.names, nil
			}
		case "dns":
			ns, f := dnsLookupAddr(ctx, raw)
			if f == nil {
				return ns, nil
			}
			if f.ended {
				return nil, f.err
			}
			st = f.status
		}
		if src.ret[st] {
			break
		}
	}
	return nil, nil
}

// resolveHostGai is resolveHost for INET addresses: the first address of
// the family that getaddrinfo gives, as CPython's setipaddr takes it.
func resolveHostGai(ctx context.Context, host string, family AddressFamily) (netip.Addr, error) {
	res, err := getaddrinfo(ctx, &host, nil, family, 0, 0, 0)
	if err != nil {
		return netip.Addr{}, err
	}
	for _, r := range res {
		switch a := r.Sockaddr.(type) {
		case InetAddr:
			if family == AF_INET {
				return netip.ParseAddr(a.Host)
			}
		case Inet6Addr:
			if family == AF_INET6 {
				ip, err := netip.ParseAddr(a.Host)
				if err == nil && a.ScopeID != 0 {
					ip = ip.WithZone(strconv.FormatUint(uint64(a.ScopeID), 10))
				}
				return ip, err
			}
		}
	}
	return netip.Addr{}, gaiErr(EAI_ADDRFAMILY)
}

func init() { resolveHost = resolveHostGai }

// nilCtxErr is the error of a ...Context function given a nil context.
func nilCtxErr(op string) *Error {
	return valueErr(op, nil, "ctx", "nil Context (use context.Background())")
}

// setipaddr is CPython's setipaddr for the name-taking functions: "" is the
// any address, "<broadcast>" the broadcast address, a strict literal is
// taken as it is, and anything else goes to getaddrinfo, the first result
// winning.
func setipaddr(ctx context.Context, op, name string, family AddressFamily) (netip.Addr, error) {
	if strings.IndexByte(name, 0) >= 0 {
		return netip.Addr{}, valueErr(op, nil, "hostname", "%s() argument 1 must be encoded string without null bytes, not str", op)
	}
	if name == "" {
		serv := "0"
		res, err := getaddrinfo(ctx, nil, &serv, family, SOCK_DGRAM, 0, AI_PASSIVE)
		if err != nil {
			return netip.Addr{}, &Error{Op: op, Err: err}
		}
		if len(res) > 1 {
			return netip.Addr{}, &Error{Op: op, Err: &notFound{"wildcard resolved to multiple address"}}
		}
		return netip.ParseAddr(hostOf(res[0].Sockaddr))
	}
	if name == "<broadcast>" || name == "255.255.255.255" {
		if family != AF_INET && family != AF_UNSPEC {
			return netip.Addr{}, &Error{Op: op, Err: &notFound{"address family mismatched"}}
		}
		return netip.AddrFrom4([4]byte{255, 255, 255, 255}), nil
	}
	var a4 [4]byte
	if (family == AF_INET || family == AF_UNSPEC) && parsePton4(name, a4[:]) {
		return netip.AddrFrom4(a4), nil
	}
	var a6 [16]byte
	if (family == AF_INET6 || family == AF_UNSPEC) && parsePton6(name, &a6) {
		return netip.AddrFrom16(a6), nil
	}
	res, err := getaddrinfo(ctx, &name, nil, family, 0, 0, 0)
	if err != nil {
		return netip.Addr{}, &Error{Op: op, Err: err}
	}
	ip, _ := netip.ParseAddr(hostOf(res[0].Sockaddr))
	return ip, nil
}

func hostOf(a Addr) string {
	switch a := a.(type) {
	case InetAddr:
		return a.Host
	case Inet6Addr:
		return a.Host
	}
	return ""
}

// Gethostbyname returns the first IPv4 address of a host name as a dotted
// quad, as Python's socket.gethostbyname: "" is "0.0.0.0", "<broadcast>"
// "255.255.255.255", and legacy forms are normalised ("127.1" gives
// "127.0.0.1"). Names are looked up as Getaddrinfo looks them up. Errors:
// *Error with a *GaiError cause (EAI_NONAME for an unknown name,
// EAI_ADDRFAMILY for an IPv6 literal), or a *ValueError for an embedded
// NUL.
func Gethostbyname(name string) (string, error) {
	return GethostbynameContext(context.Background(), name)
}

// GethostbynameContext is Gethostbyname bounded by ctx, as
// GetaddrinfoContext. A nil ctx is an *Error with a *ValueError naming ctx.
func GethostbynameContext(ctx context.Context, name string) (string, error) {
	if ctx == nil {
		return "", nilCtxErr(opGethostbyname)
	}
	ip, err := setipaddr(ctx, opGethostbyname, name, AF_INET)
	if err != nil {
		return "", err
	}
	return ip.String(), nil
}

// GethostbynameEx returns a host's name, its aliases and its IPv4
// addresses, as Python's socket.gethostbyname_ex (gethostbyname(3)): for a
// numeric address, the text as given and the address; otherwise from the
// first source of nsswitch.conf's hosts: line that knows the name: for
// /etc/hosts, the canonical name, the other names of the matching lines
// and their addresses; for DNS, the canonical name, the names of its CNAME
// chain and its A records. Errors as Gethostbyname's, and an *HError
// (HOST_NOT_FOUND, "Unknown host") where the name resolves through
// getaddrinfo but not through the host database.
func GethostbynameEx(name string) (hostname string, aliases, addrs []string, err error) {
	return GethostbynameExContext(context.Background(), name)
}

// GethostbynameExContext is GethostbynameEx bounded by ctx, as
// GetaddrinfoContext. A nil ctx is an *Error with a *ValueError naming ctx.
func GethostbynameExContext(ctx context.Context, name string) (hostname string, aliases, addrs []string, err error) {
	if ctx == nil {
		return "", nil, nil, nilCtxErr(opGethostbynameEx)
	}
	if _, err := setipaddr(ctx, opGethostbynameEx, name, AF_INET); err != nil {
		return "", nil, nil, err
	}
	if name == "" {
		return "", nil, nil, &Error{Op: opGethostbynameEx, Err: &HError{Code: 3, Msg: "Unknown server error"}}
	}
	// Digits and dots: gethostbyname's own numeric path, inet_aton's forms.
	if v, ok := parseInetAton(name); ok && strings.Trim(name, "0123456789.") == "" && !strings.HasSuffix(name, ".") {
		return name, []string{}, []string{formatIPv4([]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})}, nil
	}
	r, gerr := walkHosts(ctx, name, AF_INET, false)
	if gerr != nil {
		he := &HError{Code: 1, Msg: "Unknown host"}
		if ge, ok := gerr.(*GaiError); ok {
			he.Err = ge.Err
			if ge.Code == EAI_AGAIN {
				he.Code, he.Msg = 2, "Host name lookup failure"
			}
		}
		return "", nil, nil, &Error{Op: opGethostbynameEx, Err: he}
	}
	aliases, addrs = []string{}, []string{}
	if r.files != nil {
		// glibc's merge of the matching lines: each line's aliases, then
		// its name when it differs from the first line's.
		canon := r.files[0].names[0]
		for i, e := range r.files {
			aliases = append(aliases, e.names[1:]...)
			if i > 0 && e.names[0] != canon {
				aliases = append(aliases, e.names[0])
			}
			addrs = append(addrs, formatIPv4(e.addr))
		}
		return canon, aliases, addrs, nil
	}
	aliases = append(aliases, r.aliases...)
	for _, a := range r.addrs {
		addrs = append(addrs, a.ip.String())
	}
	return r.canon, aliases, addrs, nil
}

// Gethostbyaddr returns the name, aliases and addresses for an IP address
// (or a host name, resolved first), as Python's socket.gethostbyaddr
// (gethostbyaddr(3)): from the first source of nsswitch.conf's hosts: line
// that knows the address, the first /etc/hosts line with it or the DNS PTR
// records. Errors: *Error with an *HError cause (1, "Unknown host") when
// nothing names the address, a *GaiError when the argument does not
// resolve.
func Gethostbyaddr(ip string) (hostname string, aliases, addrs []string, err error) {
	return GethostbyaddrContext(context.Background(), ip)
}

// GethostbyaddrContext is Gethostbyaddr bounded by ctx, as
// GetaddrinfoContext; a lookup that ctx ends is an *HError (2, "Host name
// lookup failure") whose chain holds ctx's error. A nil ctx is an *Error
// with a *ValueError naming ctx.
func GethostbyaddrContext(ctx context.Context, ip string) (hostname string, aliases, addrs []string, err error) {
	if ctx == nil {
		return "", nil, nil, nilCtxErr(opGethostbyaddr)
	}
	a, err := setipaddr(ctx, opGethostbyaddr, ip, AF_UNSPEC)
	if err != nil {
		return "", nil, nil, err
	}
	var raw []byte
	if a.Is4() {
		b := a.As4()
		raw = b[:]
	} else {
		b := a.As16()
		raw = b[:]
	}
	text := formatIPv4orIPv6(raw)
	names, werr := walkAddr(ctx, raw)
	if werr != nil {
		return "", nil, nil, &Error{Op: opGethostbyaddr, Err: &HError{Code: 2, Msg: "Host name lookup failure", Err: werr}}
	}
	if len(names) == 0 {
		return "", nil, nil, &Error{Op: opGethostbyaddr, Err: &HError{Code: 1, Msg: "Unknown host"}}
	}
	return names[0], append([]string{}, names[1:]...), []string{text}, nil
}

func formatIPv4orIPv6(b []byte) string {
	if len(b) == 4 {
		return formatIPv4(b)
	}
	return formatIPv6(b)
}

// reverseName is the host part of getnameinfo(3) without NI_NUMERICHOST:
// the first name of the address from the hosts: sources.
func reverseName(ctx context.Context, raw []byte) (string, bool, error) {
	names, err := walkAddr(ctx, raw)
	if err != nil || len(names) == 0 {
		return "", false, err
	}
	return names[0], true, nil
}

// Getfqdn returns a fully qualified domain name for name, as Python's
// socket.getfqdn: name (trimmed; "", "0.0.0.0" and "::" mean this host) is
// looked up with Gethostbyaddr and the first of its names that contains a
// dot is returned, else its primary name; when the lookup fails, name
// itself.
func Getfqdn(name string) string {
	s, _ := GetfqdnContext(context.Background(), name)
	return s
}

// GetfqdnContext is Getfqdn bounded by ctx. It returns what Getfqdn
// returns, and an error only when the answer is not the lookup's: an *Error
// with a *ValueError naming ctx for a nil ctx (and name as it is), or an
// *Error whose chain holds ctx's error when ctx ended the lookup (and name,
// as for a failed lookup).
func GetfqdnContext(ctx context.Context, name string) (string, error) {
	if ctx == nil {
		return name, nilCtxErr(opGetfqdn)
	}
	name = strings.TrimSpace(name)
	if name == "" || name == "0.0.0.0" || name == "::" {
		h, err := Gethostname()
		if err != nil {
			return name, nil
		}
		name = h
	}
	host, aliases, _, err := GethostbyaddrContext(ctx, name)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return name, &Error{Op: opGetfqdn, Err: err}
		}
		return name, nil
	}
	for _, n := range append([]string{host}, aliases...) {
		if strings.Contains(n, ".") {
			return n, nil
		}
	}
	return host, nil
}

// Gethostname returns the host name, as Python's socket.gethostname
// (gethostname(2), the kernel's node name). Errors: *Error with the errno.
func Gethostname() (string, error) {
	h, err := os.Hostname()
	if err != nil {
		var errno syscall.Errno
		if errors.As(err, &errno) {
			return "", &Error{Op: opGethostname, Err: errno}
		}
		return "", &Error{Op: opGethostname, Err: err}
	}
	return h, nil
}

// Getservbyname returns the port of a service from /etc/services, as
// Python's socket.getservbyname; proto "" matches any protocol. Errors:
// *Error whose cause matches ErrNotFound, with Python's text
// ("service/proto not found").
func Getservbyname(name, proto string) (int, error) {
	if strings.IndexByte(name, 0) >= 0 || strings.IndexByte(proto, 0) >= 0 {
		return 0, valueErr(opGetservbyname, nil, "servicename", msgEmbeddedNul)
	}
	e, ok := lookupServByName(name, proto)
	if !ok {
		return 0, &Error{Op: opGetservbyname, Err: &notFound{"service/proto not found"}}
	}
	return e.port, nil
}

// Getservbyport returns the name of the service on a port from
// /etc/services, as Python's socket.getservbyport; proto "" matches any
// protocol. Errors: *Error with a *ValueError for a port outside 0-65535
// (Python's OverflowError), or whose cause matches ErrNotFound
// ("port/proto not found").
func Getservbyport(port int, proto string) (string, error) {
	if port < 0 || port > 0xffff {
		return "", valueErr(opGetservbyport, nil, "port", "getservbyport: port must be 0-65535.")
	}
	if strings.IndexByte(proto, 0) >= 0 {
		return "", valueErr(opGetservbyport, nil, "protocolname", msgEmbeddedNul)
	}
	e, ok := lookupServByPort(port, proto)
	if !ok {
		return "", &Error{Op: opGetservbyport, Err: &notFound{"port/proto not found"}}
	}
	return e.names[0], nil
}

// Getprotobyname returns a protocol's number from /etc/protocols, as
// Python's socket.getprotobyname (the name or one of its aliases, such as
// "TCP"). Errors: *Error whose cause matches ErrNotFound ("protocol not
// found").
func Getprotobyname(name string) (int, error) {
	if strings.IndexByte(name, 0) >= 0 {
		return 0, valueErr(opGetprotobyname, nil, "protocolname", msgEmbeddedNul)
	}
	for _, e := range protocols() {
		for _, n := range e.names {
			if n == name {
				return e.num, nil
			}
		}
	}
	return 0, &Error{Op: opGetprotobyname, Err: &notFound{"protocol not found"}}
}

// glibc's NI_* flags beyond the constants: NI_IDN and its two companions.
const niFlagsMask = 0xff

// Getnameinfo turns an INET or INET6 address with a numeric host into a
// host name and a service name, as Python's socket.getnameinfo with
// getnameinfo(3)'s flags: NI_NUMERICHOST and NI_NUMERICSERV keep them
// numeric, NI_NAMEREQD makes a missing name an error, NI_DGRAM looks the
// port up as udp, NI_NOFQDN drops the local domain. Without
// NI_NUMERICHOST the name comes from /etc/hosts or DNS, else the address
// is numeric, with "%ifname" for a scoped link-local address. As in Python,
// the host must be numeric and the port is not range-checked (it wraps).
// Errors: *Error with a *GaiError cause (EAI_NONAME, EAI_BADFLAGS,
// EAI_SERVICE), or a *ValueError or message for an address Python rejects
// ("IPv4 sockaddr must be 2 tuple" for an IPv4 host in an Inet6Addr).
func Getnameinfo(addr Addr, flags int) (host, port string, err error) {
	return GetnameinfoContext(context.Background(), addr, flags)
}

// GetnameinfoContext is Getnameinfo bounded by ctx: when ctx ends the
// lookup of the name, the error is a *GaiError of code EAI_AGAIN whose
// chain holds ctx's error. A nil ctx is an *Error with a *ValueError naming
// ctx. Other errors as Getnameinfo.
func GetnameinfoContext(ctx context.Context, addr Addr, flags int) (host, port string, err error) {
	if ctx == nil {
		return "", "", nilCtxErr(opGetnameinfo)
	}
	var h string
	var p int
	var flow, scope uint32
	is6 := false
	switch a := addr.(type) {
	case InetAddr:
		h, p = a.Host, a.Port
	case Inet6Addr:
		h, p, flow, scope, is6 = a.Host, a.Port, a.Flowinfo, a.ScopeID, true
	case nil:
		return "", "", valueErr(opGetnameinfo, nil, "sockaddr", "getnameinfo() argument 1 must be a tuple")
	default:
		return "", "", valueErr(opGetnameinfo, addr, "sockaddr", "getnameinfo(): illegal sockaddr argument")
	}
	if strings.IndexByte(h, 0) >= 0 {
		return "", "", valueErr(opGetnameinfo, addr, "host", msgEmbeddedNul)
	}
	if p > math.MaxInt32 {
		return "", "", valueErr(opGetnameinfo, addr, "port", "signed integer is greater than maximum")
	}
	if p < math.MinInt32 {
		return "", "", valueErr(opGetnameinfo, addr, "port", "signed integer is less than minimum")
	}
	if flow > maxFlowinfo {
		return "", "", valueErr(opGetnameinfo, addr, "flowinfo", "getnameinfo(): flowinfo must be 0-1048575.")
	}
	serv := strconv.Itoa(p)
	var hp *string
	if h != "" {
		hp = &h
	}
	res, gerr := getaddrinfo(ctx, hp, &serv, AF_UNSPEC, SOCK_DGRAM, 0, AI_NUMERICHOST)
	if gerr != nil {
		return "", "", &Error{Op: opGetnameinfo, Addr: addr, Err: gerr}
	}
	if len(res) > 1 {
		return "", "", &Error{Op: opGetnameinfo, Addr: addr, Err: &notFound{"sockaddr resolved to multiple addresses"}}
	}
	var raw []byte
	var nport int
	switch sa := res[0].Sockaddr.(type) {
	case InetAddr:
		if is6 {
			return "", "", &Error{Op: opGetnameinfo, Addr: addr, Err: &notFound{"IPv4 sockaddr must be 2 tuple"}}
		}
		ip, _ := netip.ParseAddr(sa.Host)
		b := ip.As4()
		raw, nport = b[:], sa.Port
	case Inet6Addr:
		ip, _ := netip.ParseAddr(sa.Host)
		b := ip.As16()
		raw, nport = b[:], sa.Port
	}
	if flags&^niFlagsMask != 0 {
		return "", "", &Error{Op: opGetnameinfo, Addr: addr, Err: gaiErr(EAI_BADFLAGS)}
	}
	// The host.
	if flags&NI_NUMERICHOST == 0 {
		name, ok, rerr := reverseName(ctx, raw)
		if rerr != nil {
			return "", "", &Error{Op: opGetnameinfo, Addr: addr, Err: &GaiError{Code: EAI_AGAIN, Msg: gaiMessages[EAI_AGAIN], Err: rerr}}
		}
		if ok {
			if flags&NI_NOFQDN != 0 {
				name = stripLocalDomain(name)
			}
			host = name
		}
	}
	if host == "" {
		if flags&NI_NAMEREQD != 0 {
			return "", "", &Error{Op: opGetnameinfo, Addr: addr, Err: gaiErr(EAI_NONAME)}
		}
		host = formatIPv4orIPv6(raw)
		if len(raw) == 16 && scope != 0 {
			linkLocal := (raw[0] == 0xfe && raw[1]&0xc0 == 0x80) || (raw[0] == 0xff && raw[1]&0x0f == 0x02)
			zone := ""
			if linkLocal {
				if ifi, err := net.InterfaceByIndex(int(scope)); err == nil {
					zone = ifi.Name
				}
			}
			if zone == "" {
				zone = strconv.FormatUint(uint64(scope), 10)
			}
			host += "%" + zone
		}
	}
	// The service.
	port = strconv.Itoa(nport)
	if flags&NI_NUMERICSERV == 0 {
		proto := "tcp"
		if flags&NI_DGRAM != 0 {
			proto = "udp"
		}
		if e, ok := lookupServByPort(nport, proto); ok {
			port = e.names[0]
		}
	}
	return host, port, nil
}

// stripLocalDomain drops this host's domain from name, as NI_NOFQDN does.
func stripLocalDomain(name string) string {
	h, err := os.Hostname()
	if err != nil {
		return name
	}
	_, domain, ok := strings.Cut(h, ".")
	if !ok || domain == "" {
		return name
	}
	if first, rest, ok := strings.Cut(name, "."); ok && rest == domain {
		return first
	}
	return name
}
