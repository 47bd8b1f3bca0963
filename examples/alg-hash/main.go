//go:build linux

// Command alg-hash hashes files through the kernel's crypto API (AF_ALG),
// printing lines in sha256sum's format:
//
//	alg-hash [-a sha256] [-key KEY] FILE...
//
// -a names any hash the kernel has (sha1, sha512, hmac(sha256) with -key,
// ...). "-" reads standard input.
package main

import (
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/pysocket/socket"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "alg-hash:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("alg-hash", flag.ContinueOnError)
	alg := fs.String("a", "sha256", "hash algorithm, as the kernel names it")
	key := fs.String("key", "", "key, for a keyed hash such as hmac(sha256)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("usage: alg-hash [-a ALG] [-key KEY] FILE...")
	}

	tfm, err := socket.New(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
	if err != nil {
		return err
	}
	defer tfm.Close()
	if err := tfm.Bind(socket.ALGAddr{Type: "hash", Name: *alg}); err != nil {
		return err
	}
	if *key != "" {
		if err := tfm.SetsockoptALGSetKey([]byte(*key)); err != nil {
			return err
		}
	}
	for _, name := range fs.Args() {
		sum, err := hashFile(tfm, name, stdin)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s  %s\n", hex.EncodeToString(sum), name)
	}
	return nil
}

// hashFile feeds one file to a new operation socket of tfm, in chunks sent
// with MSG_MORE, and reads the digest.
func hashFile(tfm *socket.Socket, name string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	op, _, err := tfm.Accept()
	if err != nil {
		return nil, err
	}
	defer op.Close()
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if err := op.Sendall(buf[:n], socket.MSG_MORE); err != nil {
				return nil, err
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	// The last send, without MSG_MORE, finishes the hash.
	if _, err := op.Send(nil); err != nil {
		return nil, err
	}
	return op.Recv(64)
}
