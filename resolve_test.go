package socket_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pysocket/socket"
)

// TestAddressHostResolution binds INET and INET6 sockets to hosts that are
// not plain literals and compares the bound address, or the error, with
// CPython's bind: the address types resolve names through Getaddrinfo.
func TestAddressHostResolution(t *testing.T) {
	skipUnless(t, socket.AF_INET6, socket.SOCK_DGRAM, 0)
	tests := []struct {
		name   string
		family socket.AddressFamily
		host   string
	}{
		{"short form", socket.AF_INET, "127.1"},
		{"hex part", socket.AF_INET, "0x7f.1"},
		{"octal", socket.AF_INET, "0177.0.0.1"},
		{"one number", socket.AF_INET, "2130706433"},
		{"localhost", socket.AF_INET, "localhost"},
		{"upper case", socket.AF_INET, "LOCALHOST"},
		{"hosts alias", socket.AF_INET, "vm"},
		{"unknown", socket.AF_INET, "nonexistent.invalid"},
		{"ipv6 literal on inet", socket.AF_INET, "::1"},
		{"ipv4 on inet6", socket.AF_INET6, "127.0.0.1"},
		{"localhost on inet6", socket.AF_INET6, "localhost"},
		{"inet6 loopback", socket.AF_INET6, "::1"},
		{"mapped", socket.AF_INET6, "::ffff:127.0.0.1"},
	}
	type result struct {
		Host  string `json:"host"`
		Errno *int   `json:"errno"`
	}
	var cases [][2]any
	for _, tt := range tests {
		cases = append(cases, [2]any{int(tt.family), tt.host})
	}
	in, _ := json.Marshal(cases)
	var want []result
	out := python(t, `
import json, socket, sys
res = []
for fam, host in json.loads(sys.argv[1]):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    try:
        s.bind((host, 0))
        res.append({"host": s.getsockname()[0], "errno": None})
    except OSError as e:
        res.append({"host": "", "errno": e.errno})
    finally:
        s.close()
print(json.dumps(res))
`, string(in))
	if err := json.Unmarshal([]byte(out), &want); err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustNew(t, tt.family, socket.SOCK_DGRAM, 0)
			var addr socket.Addr = socket.InetAddr{Host: tt.host}
			if tt.family == socket.AF_INET6 {
				addr = socket.Inet6Addr{Host: tt.host}
			}
			var got result
			if err := s.Bind(addr); err != nil {
				var g *socket.GaiError
				if !errors.As(err, &g) {
					t.Fatalf("Bind(%v): %v is not a *GaiError", addr, err)
				}
				got.Errno = &g.Code
			} else {
				a, err := s.Getsockname()
				if err != nil {
					t.Fatal(err)
				}
				switch a := a.(type) {
				case socket.InetAddr:
					got.Host = a.Host
				case socket.Inet6Addr:
					got.Host = a.Host
				}
			}
			if g, w := fmt.Sprint(got.Host, deref(got.Errno)), fmt.Sprint(want[i].Host, deref(want[i].Errno)); g != w {
				t.Errorf("Bind(%v): got %s; CPython %s", addr, g, w)
			}
		})
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestGetaddrinfoErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		host  string
		port  string
		flags int
		check func(error) bool
	}{
		{"nul host", "local\x00host", "80", 0, func(err error) bool { return errors.Is(err, socket.ErrInvalid) }},
		{"nul port", "127.0.0.1", "8\x000", 0, func(err error) bool { return errors.Is(err, socket.ErrInvalid) }},
		{"empty label", "a..b", "80", 0, func(err error) bool { return errors.Is(err, socket.ErrInvalid) }},
		{"unknown name", "nonexistent.invalid", "80", 0, gaiCode(socket.EAI_NONAME)},
		{"numeric host flag", "localhost", "80", socket.AI_NUMERICHOST, gaiCode(socket.EAI_NONAME)},
		{"numeric serv flag", "127.0.0.1", "http", socket.AI_NUMERICSERV, gaiCode(socket.EAI_NONAME)},
		{"unknown service", "127.0.0.1", "nosuchservice", 0, gaiCode(socket.EAI_SERVICE)},
		{"bad flags", "127.0.0.1", "80", 0x800, gaiCode(socket.EAI_BADFLAGS)},
		{"canonname without host", "", "80", socket.AI_CANONNAME, gaiCode(socket.EAI_BADFLAGS)},
		{"neither", "", "", 0, gaiCode(socket.EAI_NONAME)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := socket.Getaddrinfo(tt.host, tt.port, 0, 0, 0, tt.flags)
			if !tt.check(err) {
				t.Fatalf("Getaddrinfo(%q, %q) = %v, %v", tt.host, tt.port, res, err)
			}
			var se *socket.Error
			if !errors.As(err, &se) || se.Op != "getaddrinfo" {
				t.Fatalf("err = %#v; want a *socket.Error for getaddrinfo", err)
			}
		})
	}
	_, err := socket.Getaddrinfo("127.0.0.1", "80", socket.AF_UNIX, 0, 0, 0)
	if !gaiCode(socket.EAI_FAMILY)(err) || !strings.Contains(err.Error(), "ai_family not supported") {
		t.Errorf("AF_UNIX: %v; want EAI_FAMILY with glibc's text", err)
	}
}

func gaiCode(code int) func(error) bool {
	return func(err error) bool {
		var g *socket.GaiError
		return errors.As(err, &g) && g.Code == code
	}
}

func TestLookupBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		call func() error
		is   error
	}{
		{"gethostbyname nul", func() error { _, err := socket.Gethostbyname("a\x00b"); return err }, socket.ErrInvalid},
		{"gethostbyname_ex nul", func() error { _, _, _, err := socket.GethostbynameEx("a\x00b"); return err }, socket.ErrInvalid},
		{"gethostbyaddr nul", func() error { _, _, _, err := socket.Gethostbyaddr("a\x00b"); return err }, socket.ErrInvalid},
		{"getservbyname nul", func() error { _, err := socket.Getservbyname("ht\x00tp", ""); return err }, socket.ErrInvalid},
		{"getservbyname unknown", func() error { _, err := socket.Getservbyname("nosuch", "tcp"); return err }, socket.ErrNotFound},
		{"getservbyport range", func() error { _, err := socket.Getservbyport(65536, ""); return err }, socket.ErrInvalid},
		{"getservbyport negative", func() error { _, err := socket.Getservbyport(-1, ""); return err }, socket.ErrInvalid},
		{"getprotobyname empty", func() error { _, err := socket.Getprotobyname(""); return err }, socket.ErrNotFound},
		{"getnameinfo nil", func() error { _, _, err := socket.Getnameinfo(nil, 0); return err }, socket.ErrInvalid},
		{"getnameinfo unix", func() error { _, _, err := socket.Getnameinfo(socket.UnixAddr{Path: "/x"}, 0); return err }, socket.ErrInvalid},
		{"getnameinfo flowinfo", func() error {
			_, _, err := socket.Getnameinfo(socket.Inet6Addr{Host: "::1", Flowinfo: 1 << 20}, 0)
			return err
		}, socket.ErrInvalid},
		{"if_nametoindex nul", func() error { _, err := socket.IfNametoindex("lo\x00"); return err }, socket.ErrInvalid},
		{"if_nametoindex empty", func() error { _, err := socket.IfNametoindex(""); return err }, socket.ErrNotFound},
		{"if_indextoname negative", func() error { _, err := socket.IfIndextoname(-1); return err }, socket.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v; want %v", err, tt.is)
			}
			var se *socket.Error
			if !errors.As(err, &se) || se.Op == "" {
				t.Fatalf("err = %#v; want a *socket.Error with the operation", err)
			}
		})
	}
}

func TestInterfaceRoundTrip(t *testing.T) {
	t.Parallel()
	list, err := socket.IfNameindex()
	skipQemu(t, "netlink's RTM_GETLINK dump (Go's net.Interfaces), whose attributes it does not byte-swap", err)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		t.Fatal("no interfaces")
	}
	for _, ni := range list {
		if i, err := socket.IfNametoindex(ni.Name); err != nil || i != ni.Index {
			t.Errorf("IfNametoindex(%q) = %d, %v; want %d", ni.Name, i, err, ni.Index)
		}
		if n, err := socket.IfIndextoname(ni.Index); err != nil || n != ni.Name {
			t.Errorf("IfIndextoname(%d) = %q, %v; want %q", ni.Index, n, err, ni.Name)
		}
	}
}

func ExampleGetaddrinfo() {
	res, err := socket.Getaddrinfo("127.0.0.1", "80", socket.AF_UNSPEC, 0, 0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res {
		fmt.Println(r.Family, r.Type, r.Proto, r.Sockaddr)
	}
	// Output:
	// AF_INET SOCK_STREAM 6 127.0.0.1:80
	// AF_INET SOCK_DGRAM 17 127.0.0.1:80
	// AF_INET SOCK_RAW 0 127.0.0.1:80
}

func ExampleInetAton() {
	for _, s := range []string{"127.1", "0x7f.0.0.1", "1.2.3.4 trailing text"} {
		b, _ := socket.InetAton(s)
		fmt.Printf("%q -> %v\n", s, b)
	}
	// Output:
	// "127.1" -> [127 0 0 1]
	// "0x7f.0.0.1" -> [127 0 0 1]
	// "1.2.3.4 trailing text" -> [1 2 3 4]
}
