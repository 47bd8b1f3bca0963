package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestThreading runs the program and Python's original and compares what
// they print.
func TestThreading(t *testing.T) {
	var out bytes.Buffer
	if err := run(nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	const want = "Server loop running in thread: Thread-1 (serve_forever)\n" +
		"Received: Thread-2 (process_request_thread): Hello World 1\n" +
		"Received: Thread-3 (process_request_thread): Hello World 2\n" +
		"Received: Thread-4 (process_request_thread): Hello World 3\n"
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
	t.Run("python", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 not found; install python3 to run Python's original beside the port")
		}
		cmd := exec.Command(py, filepath.Join("testdata", "threaded.py"))
		cmd.Stderr = os.Stderr
		pyOut, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if out.String() != string(pyOut) {
			t.Errorf("Go printed\n%s\nPython printed\n%s", out.String(), pyOut)
		}
	})
	t.Run("port", func(t *testing.T) {
		var out bytes.Buffer
		if err := run([]string{"-port", "-1"}, &out, io.Discard); err == nil {
			t.Error("port -1 accepted")
		}
		if strings.Contains(out.String(), "Received") {
			t.Errorf("printed %q", out.String())
		}
	})
}
