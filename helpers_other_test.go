//go:build !linux

package socket_test

// probeExamplesLinux has nothing to probe where the Linux-only examples do
// not build.
func probeExamplesLinux() error { return nil }
