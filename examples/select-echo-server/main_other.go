//go:build !linux

// Command select-echo-server is a select.select echo server; pyselect's
// Select exists on Linux only.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "select-echo-server: pyselect.Select needs Linux")
	os.Exit(1)
}
