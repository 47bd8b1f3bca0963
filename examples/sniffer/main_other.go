//go:build !linux

// Command sniffer captures frames with AF_PACKET, which only Linux has.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "sniffer: AF_PACKET needs Linux")
	os.Exit(1)
}
