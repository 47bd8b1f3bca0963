//go:build linux && !(mips || mipsle || mips64 || mips64le)

package socket

// kernelSigsetSize is the size of the kernel's signal set, _NSIG/8, that
// the rt_sig* system calls take: 64 signals on every Linux architecture but
// mips.
const kernelSigsetSize = 8
