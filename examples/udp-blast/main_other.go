//go:build !linux

// Command udp-blast measures UDP datagrams per second with batches and
// segmentation offload (UDP_SEGMENT, UDP_GRO), which only Linux has.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "udp-blast: UDP_SEGMENT and UDP_GRO need Linux")
	os.Exit(1)
}
