package main

import (
	"strings"
	"testing"
)

func TestQuickstart(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"TCP over IPv4: client received b'Hello, world'",
		"UNIX stream on a path: client received b'Hello, world'",
		"UNIX stream on an abstract name: client received b'Hello, world'",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(got, "TCP over IPv6: client received b'Hello, world'") && !strings.Contains(got, "TCP over IPv6: skipped") {
		t.Errorf("output says nothing of IPv6:\n%s", got)
	}
}
