package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"testing"
)

// listen serves one client on addr and returns what it sent.
func listen(t *testing.T, addr string) <-chan string {
	t.Helper()
	ln, err := net.Listen("unix", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		got <- string(b)
	}()
	return got
}

func TestUnixStreamClient(t *testing.T) {
	t.Run("arguments", func(t *testing.T) {
		path := t.TempDir() + "/uds_socket"
		got := listen(t, path)
		var out bytes.Buffer
		if err := run([]string{"-path", path, "one", "two words"}, nil, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if s := <-got; s != "one\ntwo words\n" {
			t.Errorf("server got %q", s)
		}
		want := "connecting to " + path + "\nsending \"one\"\nsending \"two words\"\n"
		if out.String() != want {
			t.Errorf("client printed %q, want %q", out.String(), want)
		}
	})
	t.Run("stdin and abstract name", func(t *testing.T) {
		name := fmt.Sprintf("@pysocket-uds-client-%d", os.Getpid())
		got := listen(t, name)
		var out bytes.Buffer
		if err := run([]string{"-path", name}, strings.NewReader("alpha\nbeta\n"), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if s := <-got; s != "alpha\nbeta\n" {
			t.Errorf("server got %q", s)
		}
	})
	t.Run("no server", func(t *testing.T) {
		if err := run([]string{"-path", t.TempDir() + "/none", "x"}, nil, io.Discard, io.Discard); err == nil {
			t.Error("client succeeded with no server")
		}
	})
}
