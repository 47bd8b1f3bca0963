package socket

import (
	"bufio"
	"bytes"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
)

// The system's service and protocol databases, read once, as glibc's
// "files" source reads them.
var (
	servicesPath  = "/etc/services"
	protocolsPath = "/etc/protocols"
	hostsPath     = "/etc/hosts"
)

type servEnt struct {
	names []string // official name first
	port  int
	proto string
}

type protoEnt struct {
	names []string
	num   int
}

var (
	servOnce  sync.Once
	servDB    []servEnt
	protoOnce sync.Once
	protoDB   []protoEnt
)

// dbFields splits a database line into its fields, dropping a comment.
func dbFields(line []byte) []string {
	if i := bytes.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	return strings.Fields(string(line))
}

func readDB(path string, each func(f []string)) {
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 4096), 1<<20)
	for sc.Scan() {
		if f := dbFields(sc.Bytes()); len(f) > 0 {
			each(f)
		}
	}
}

func services() []servEnt {
	servOnce.Do(func() {
		readDB(servicesPath, func(f []string) {
			if len(f) < 2 {
				return
			}
			portS, proto, ok := strings.Cut(f[1], "/")
			if !ok {
				return
			}
			port, err := strconv.Atoi(portS)
			if err != nil || port < 0 || port > 0xffff {
				return
			}
			servDB = append(servDB, servEnt{names: append([]string{f[0]}, f[2:]...), port: port, proto: proto})
		})
	})
	return servDB
}

func protocols() []protoEnt {
	protoOnce.Do(func() {
		readDB(protocolsPath, func(f []string) {
			if len(f) < 2 {
				return
			}
			n, err := strconv.Atoi(f[1])
			if err != nil || n < 0 {
				return
			}
			protoDB = append(protoDB, protoEnt{names: append([]string{f[0]}, f[2:]...), num: n})
		})
	})
	return protoDB
}

// lookupServByName is getservbyname(3) over the "files" source: the first
// entry with the name (or an alias) and the protocol ("" for any).
func lookupServByName(name, proto string) (servEnt, bool) {
	for _, e := range services() {
		if proto != "" && e.proto != proto {
			continue
		}
		for _, n := range e.names {
			if n == name {
				return e, true
			}
		}
	}
	return servEnt{}, false
}

// lookupServByPort is getservbyport(3) over the "files" source.
func lookupServByPort(port int, proto string) (servEnt, bool) {
	for _, e := range services() {
		if e.port == port && (proto == "" || e.proto == proto) {
			return e, true
		}
	}
	return servEnt{}, false
}

// hostEnt is one line of /etc/hosts.
type hostEnt struct {
	addr  []byte // 4 or 16 bytes
	names []string
}

// readHosts parses /etc/hosts as glibc's "files" source does: the address
// is an IPv6 or an IPv4 address in inet_pton's strict form, and a line
// with any other address is skipped. The file is read on every lookup, as
// glibc reads it.
func readHosts() []hostEnt {
	var out []hostEnt
	readDB(hostsPath, func(f []string) {
		if len(f) < 2 {
			return
		}
		var a6 [16]byte
		var a4 [4]byte
		switch {
		case parsePton6(f[0], &a6):
			out = append(out, hostEnt{addr: a6[:], names: f[1:]})
		case parsePton4(f[0], a4[:]):
			out = append(out, hostEnt{addr: a4[:], names: f[1:]})
		}
	})
	return out
}

// hostsByName returns the hosts lines that name (case-insensitively) with
// an address of the family (AF_UNSPEC for both), as glibc's files lookup
// with "multi on". For AF_INET, as glibc, "::1" counts as 127.0.0.1 and an
// IPv4-mapped address as its IPv4 address; the entries returned carry the
// converted address.
func hostsByName(name string, family AddressFamily) []hostEnt {
	var out []hostEnt
	for _, e := range readHosts() {
		match := false
		for _, n := range e.names {
			if strings.EqualFold(n, name) {
				match = true
				break
			}
		}
		if !match {
			continue
		}
		switch {
		case family == AF_INET && len(e.addr) == 16:
			var a [16]byte
			copy(a[:], e.addr)
			ip := netip.AddrFrom16(a)
			switch {
			case ip == netip.IPv6Loopback():
				e.addr = []byte{127, 0, 0, 1}
			case ip.Is4In6():
				e.addr = e.addr[12:16]
			default:
				continue
			}
		case family == AF_INET6 && len(e.addr) == 4:
			continue
		}
		out = append(out, e)
	}
	return out
}

// hostsByAddr returns the first hosts line with the address.
func hostsByAddr(addr []byte) (hostEnt, bool) {
	for _, e := range readHosts() {
		if bytes.Equal(e.addr, addr) {
			return e, true
		}
	}
	return hostEnt{}, false
}
