//go:build linux

package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pysocket/socket"
)

// needALG skips the test where the kernel has no AF_ALG, and fails it
// inside scripts/vmtest's machine, where nothing may skip.
func needALG(t *testing.T) {
	t.Helper()
	s, err := socket.New(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
	if err == nil {
		s.Close()
		return
	}
	if !inVM && errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Skip("AF_ALG not supported by this kernel; run scripts/vmtest")
	}
	t.Fatal(err)
}

func TestRun(t *testing.T) {
	needALG(t)
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 20000) // several chunks
	files := map[string][]byte{"empty": {}, "small": []byte("hello\n"), "big": big}
	var names []string
	for _, n := range []string{"empty", "small", "big"} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
	}
	tests := []struct {
		name  string
		flags []string
		hash  func() hash.Hash
		stdin bool
	}{
		{"sha256", nil, sha256.New, false},
		{"sha1", []string{"-a", "sha1"}, sha1.New, false},
		{"hmac", []string{"-a", "hmac(sha256)", "-key", "k3y"}, func() hash.Hash { return hmac.New(sha256.New, []byte("k3y")) }, false},
		{"stdin", nil, sha256.New, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			args := append(append([]string(nil), tt.flags...), names...)
			stdin := bytes.NewReader(nil)
			if tt.stdin {
				args = append(append([]string(nil), tt.flags...), "-")
				stdin = bytes.NewReader(big)
			}
			if err := run(args, stdin, &out); err != nil {
				t.Fatal(err)
			}
			var want strings.Builder
			for _, p := range args[len(tt.flags):] {
				h := tt.hash()
				if p == "-" {
					h.Write(big)
				} else {
					h.Write(files[filepath.Base(p)])
				}
				want.WriteString(hex.EncodeToString(h.Sum(nil)) + "  " + p + "\n")
			}
			if out.String() != want.String() {
				t.Errorf("output\n%s\nwant\n%s", out.String(), want.String())
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	needALG(t)
	if err := run([]string{"-a", "no-such-hash", "x"}, nil, &bytes.Buffer{}); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("unknown hash: %v, want ENOENT", err)
	}
	if err := run([]string{filepath.Join(t.TempDir(), "missing")}, nil, &bytes.Buffer{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestUsage(t *testing.T) {
	if err := run(nil, nil, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("no files: %v", err)
	}
}
