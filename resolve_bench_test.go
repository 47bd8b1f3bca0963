package socket_test

import (
	"context"
	"net"
	"testing"

	"github.com/pysocket/socket"
)

// BenchmarkLookupHosts resolves "localhost" (an /etc/hosts name) with
// Getaddrinfo beside the standard library's resolver on the same name.
func BenchmarkLookupHosts(b *testing.B) {
	b.Run("socket.Getaddrinfo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := socket.Getaddrinfo("localhost", "80", socket.AF_INET, socket.SOCK_STREAM, 0, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("net.LookupNetIP", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := net.DefaultResolver.LookupNetIP(context.Background(), "ip4", "localhost"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
