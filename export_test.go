package socket

// SetHostsPath makes the package read path instead of /etc/hosts, for the
// tests that compare lookups in a hosts file of their own with glibc's; it
// returns the function that restores the default. Tests that use it must
// not run in parallel with other lookups.
func SetHostsPath(path string) (restore func()) {
	old := hostsPath
	hostsPath = path
	return func() { hostsPath = old }
}
