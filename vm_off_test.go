//go:build !vmtest

package socket_test

// inVM is true in the test binary that scripts/vmtest boots: there a test
// that lacks AF_CAN, AF_ALG or vcan0 fails instead of skipping.
const inVM = false
