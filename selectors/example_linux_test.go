//go:build linux

package selectors_test

import (
	"fmt"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/selectors"
)

// The selectors documentation's pattern: callbacks as the keys' data.
func ExampleNewDefaultSelector() {
	sel, err := selectors.NewDefaultSelector()
	if err != nil {
		panic(err)
	}
	defer sel.Close()
	a, b, _ := socket.Socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 0)
	defer a.Close()
	defer b.Close()

	read := func(conn *socket.Socket, mask selectors.EventMask) {
		data, _ := conn.Recv(1000)
		fmt.Println("read", socket.PyBytes(data), "mask", mask)
	}
	sel.Register(a, selectors.EVENT_READ, read)
	b.Send([]byte("hello"))

	events, _ := sel.Select(socket.NoTimeout)
	for _, ev := range events {
		callback := ev.Key.Data.(func(*socket.Socket, selectors.EventMask))
		callback(ev.Key.Fileobj.(*socket.Socket), ev.Events)
	}
	// Output: read b'hello' mask 1
}
