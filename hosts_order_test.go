//go:build linux

package socket_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pysocket/socket"
)

// testHosts names one host with many addresses of both families, scopes
// and labels, so that glibc's merge of /etc/hosts lines and its RFC 3484
// sort both show.
const testHosts = `127.0.0.1 localhost
10.0.0.1 multi alias1
127.0.0.2 multi
::1 multi ip6-localhost
192.0.2.50 multi
fe80::1 multi
2001:db8::5 multi
fd00::9 multi
::ffff:127.0.0.3 multi
169.254.1.1 multi
192.0.2.60 other multi
2002::1 multi
203.0.113.9 Mixed.Example mixed
fd00::2 self
`

// TestHostsOrderAgainstGlibc compares lookups of names in a hosts file of
// the test's own with CPython's, which runs with that file bind-mounted on
// /etc/hosts in a private mount namespace (the machine's file is not
// touched). It needs root and unshare(1).
func TestHostsOrderAgainstGlibc(t *testing.T) {
	skipUnlessRoot(t, "bind-mounting a hosts file in a private mount namespace")
	unshare := needTool(t, "unshare", "util-linux")
	py := needTool(t, "python3", "python3 (CPython is the reference)")
	skipUnlessPythonArch(t, py)
	dir := t.TempDir()
	hosts := filepath.Join(dir, "hosts")
	if err := os.WriteFile(hosts, []byte(testHosts), 0o644); err != nil {
		t.Fatal(err)
	}
	var cases []resolveCase
	add := func(fn string, args ...any) {
		b, _ := json.Marshal(args)
		cases = append(cases, resolveCase{Name: fn + string(b), Fn: fn, Args: args})
	}
	for _, host := range []string{"multi", "MULTI", "other", "mixed", "self", "alias1"} {
		for _, fam := range []int{0, 2, 10} {
			for _, kind := range []int{0, 1} {
				for _, flags := range []int{0, socket.AI_CANONNAME, socket.AI_V4MAPPED, socket.AI_V4MAPPED | socket.AI_ALL, socket.AI_ADDRCONFIG} {
					add("getaddrinfo", host, "80", fam, kind, 0, flags)
				}
			}
		}
		add("gethostbyname", host)
		add("gethostbyname_ex", host)
		add("gethostbyaddr", host)
		add("getfqdn", host)
	}
	for _, ip := range []string{"192.0.2.60", "10.0.0.1", "::1", "fd00::9", "203.0.113.9", "127.0.0.2"} {
		add("gethostbyaddr", ip)
		add("getnameinfo", []any{ip, 80}, 0)
	}
	casesPath := filepath.Join(dir, "cases.json")
	data, _ := json.Marshal(cases)
	if err := os.WriteFile(casesPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cases = nil
	if err := json.Unmarshal(data, &cases); err != nil { // numbers as the JSON cases have them
		t.Fatal(err)
	}
	cmd := exec.Command(unshare, "-m", "--", "sh", "-c",
		`mount --make-rprivate / && mount --bind "$1" /etc/hosts && exec "$2" -c "$3" "$4"`,
		"sh", hosts, py, pyConformance, casesPath)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("cannot run python3 with a private /etc/hosts here: %v\n%s", err, stderr.String())
	}
	defer socket.SetHostsPath(hosts)()
	compareResolveCases(t, cases, string(out))
}
