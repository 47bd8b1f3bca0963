//go:build !linux && !darwin && !freebsd

package oscheck

const _ = github_com_pysocket_socket_builds_only_for_linux_darwin_and_freebsd
