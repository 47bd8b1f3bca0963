// Socketserver-threading is the ThreadingMixIn example of the
// "Asynchronous Mixins" section of Python's socketserver documentation
// (3.11), testdata/threaded.py: a ThreadingTCPServer that answers each
// request from a thread of its own, and three clients.
//
//	class ThreadedTCPRequestHandler(socketserver.BaseRequestHandler):
//	    def handle(self):
//	        data = str(self.request.recv(1024), 'ascii')
//	        cur_thread = threading.current_thread()
//	        response = bytes("{}: {}".format(cur_thread.name, data), 'ascii')
//	        self.request.sendall(response)
//
//	class ThreadedTCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
//	    pass
//
//	def client(ip, port, message):
//	    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
//	        sock.connect((ip, port))
//	        sock.sendall(bytes(message, 'ascii'))
//	        response = str(sock.recv(1024), 'ascii')
//	        print("Received: {}".format(response))
//
//	if __name__ == "__main__":
//	    HOST, PORT = "localhost", 0
//	    server = ThreadedTCPServer((HOST, PORT), ThreadedTCPRequestHandler)
//	    with server:
//	        ip, port = server.server_address
//	        server_thread = threading.Thread(target=server.serve_forever)
//	        server_thread.daemon = True
//	        server_thread.start()
//	        print("Server loop running in thread:", server_thread.name)
//	        client(ip, port, "Hello World 1")
//	        client(ip, port, "Hello World 2")
//	        client(ip, port, "Hello World 3")
//	        server.shutdown()
//
// Python's threads run here as goroutines, which have no names; the
// program names each goroutine it starts as Python's threading module
// names threads, "Thread-N (target)" with N counting from 1, so that it
// prints what the Python program prints. -port sets the server's port
// (0, the default, picks a free one).
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"sync/atomic"
	"time"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/socketserver"
)

// threadCounter numbers goroutines as threading's _counter numbers threads.
var threadCounter atomic.Int64

// threadName is the name threading.Thread(target=f) gives a new thread.
func threadName(target string) string {
	return fmt.Sprintf("Thread-%d (%s)", threadCounter.Add(1), target)
}

// ThreadedTCPRequestHandler answers with the name of the goroutine that
// serves the request. The server makes it in that goroutine, which
// ThreadingMixIn's process_request starts with target
// process_request_thread.
type ThreadedTCPRequestHandler struct {
	socketserver.BaseRequestHandler
	curThread string
}

func (h *ThreadedTCPRequestHandler) Handle() error {
	data, err := h.Request.Recv(1024)
	if err != nil {
		return err
	}
	response := fmt.Sprintf("%s: %s", h.curThread, data)
	return h.Request.Sendall([]byte(response))
}

func client(stdout io.Writer, ip string, port int, message string) error {
	sock, err := socket.New(socket.AF_INET, socket.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer sock.Close()
	if err := sock.Connect(socket.InetAddr{Host: ip, Port: port}); err != nil {
		return err
	}
	if err := sock.Sendall([]byte(message)); err != nil {
		return err
	}
	response, err := sock.Recv(1024)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Received: %s\n", response)
	return nil
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("socketserver-threading", flag.ContinueOnError)
	fs.SetOutput(stderr)
	port := fs.Int("port", 0, "server port; 0 picks an arbitrary unused port")
	if err := fs.Parse(args); err != nil {
		return err
	}
	threadCounter.Store(0)
	// Port 0 means to select an arbitrary unused port
	HOST, PORT := "localhost", *port

	server, err := socketserver.NewThreadingTCPServer(socket.InetAddr{Host: HOST, Port: PORT}, func() socketserver.Handler {
		return &ThreadedTCPRequestHandler{curThread: threadName("process_request_thread")}
	})
	if err != nil {
		return err
	}
	defer server.ServerClose() // with server:
	addr := server.ServerAddress().(socket.InetAddr)
	ip, port2 := addr.Host, addr.Port

	// Start a goroutine with the server -- that goroutine will then start
	// one more goroutine for each request
	serverThread := threadName("serve_forever")
	serving := make(chan error, 1)
	go func() { serving <- server.ServeForever(500 * time.Millisecond) }()
	fmt.Fprintln(stdout, "Server loop running in thread:", serverThread)

	for _, m := range []string{"Hello World 1", "Hello World 2", "Hello World 3"} {
		if err := client(stdout, ip, port2, m); err != nil {
			server.Shutdown()
			return err
		}
	}

	server.Shutdown()
	return <-serving
}
