package socket

import "syscall"

// SetHostsPath makes the package read path instead of /etc/hosts, for the
// tests that compare lookups in a hosts file of their own with glibc's; it
// returns the function that restores the default. Tests that use it must
// not run in parallel with other lookups.
func SetHostsPath(path string) (restore func()) {
	old := hostsPath
	hostsPath = path
	return func() { hostsPath = old }
}

// SetNsswitchPath makes the package read path instead of
// /etc/nsswitch.conf, as SetHostsPath.
func SetNsswitchPath(path string) (restore func()) {
	old := nsswitchPath
	nsswitchPath = path
	return func() { nsswitchPath = old }
}

// SetResolvConfPath makes the package read path instead of
// /etc/resolv.conf, as SetHostsPath.
func SetResolvConfPath(path string) (restore func()) {
	old := resolvConfPath
	resolvConfPath = path
	return func() { resolvConfPath = old }
}

// ResolveAddrContext is the lookup that callers run before they take a
// socket's locks.
var ResolveAddrContext = resolveAddrContext

// HostsSources returns nsswitch.conf's hosts: sources as "name" plus, for
// each status (SUCCESS, NOTFOUND, UNAVAIL, TRYAGAIN), "R" for return or "C"
// for continue.
func HostsSources() []string {
	var out []string
	for _, s := range hostsSources() {
		a := s.name + " "
		for _, r := range s.ret {
			if r {
				a += "R"
			} else {
				a += "C"
			}
		}
		out = append(out, a)
	}
	return out
}

// ErrnoTable lists the errnos whose strerror text the package holds.
func ErrnoTable() []struct {
	Name  string
	Errno syscall.Errno
} {
	var out []struct {
		Name  string
		Errno syscall.Errno
	}
	for _, e := range errnoTexts {
		out = append(out, struct {
			Name  string
			Errno syscall.Errno
		}{e.name, e.errno})
	}
	return out
}
