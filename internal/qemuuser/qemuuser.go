// Package qemuuser tells the tests of every package whether they run under qemu-user, and skips what
// qemu-user does not emulate, naming qemu-user and the call: the one skip helper for it. Only tests
// import it.
package qemuuser

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

var state struct {
	once sync.Once
	on   bool
	host string
}

// Active reports whether this binary runs under qemu-user, and gives the kernel's architecture: the
// kernel's own machine name (/proc/sys/kernel/arch, which qemu-user passes through unchanged, unlike
// uname) is one that cannot run GOARCH's binaries natively.
func Active() (bool, string) {
	state.once.Do(func() {
		b, err := os.ReadFile("/proc/sys/kernel/arch")
		if err != nil {
			return
		}
		host := strings.TrimSpace(string(b))
		state.host = host
		native := map[string][]string{
			"x86_64":      {"amd64", "386"},
			"aarch64":     {"arm64", "arm"},
			"ppc64le":     {"ppc64le"},
			"ppc64":       {"ppc64"},
			"mips64":      {"mips64", "mips64le", "mips", "mipsle"},
			"s390x":       {"s390x"},
			"riscv64":     {"riscv64"},
			"loongarch64": {"loong64"},
		}[host]
		state.on = native != nil && !slices.Contains(native, runtime.GOARCH)
	})
	return state.on, state.host
}

// Skip skips t where the binary runs under qemu-user and the call failed (err is not nil), naming
// qemu-user, the call and the error. On a native kernel it does nothing, and the test goes on to fail
// on err.
func Skip(t testing.TB, call string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if on, host := Active(); on {
		t.Skipf("qemu-user (%s on a %s kernel) does not emulate %s: %v; run the test on a native %s machine", runtime.GOARCH, host, call, err, runtime.GOARCH)
	}
}
