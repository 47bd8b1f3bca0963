//go:build linux && !vmtest

package main

const inVM = false
