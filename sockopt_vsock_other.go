//go:build !linux

package socket

// afVsock is no family: AF_VSOCK exists on Linux only.
const afVsock AddressFamily = -1
