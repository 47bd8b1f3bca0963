//go:build !linux

// Command netlink-links lists network interfaces over AF_NETLINK, which
// only Linux has.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "netlink-links: AF_NETLINK needs Linux")
	os.Exit(1)
}
