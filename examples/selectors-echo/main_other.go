//go:build !linux

// Command selectors-echo is the selectors documentation's echo server; the
// selectors it needs exist on Linux only.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "selectors-echo: package selectors needs Linux")
	os.Exit(1)
}
