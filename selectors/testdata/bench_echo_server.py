# The selectors documentation's echo server without its prints, for the
# benchmark: it listens on a free port of 127.0.0.1, prints "ready PORT",
# and echoes on every connection until killed.
import selectors
import socket

sel = selectors.DefaultSelector()

def accept(sock, mask):
    conn, addr = sock.accept()
    conn.setblocking(False)
    sel.register(conn, selectors.EVENT_READ, read)

def read(conn, mask):
    data = conn.recv(1000)
    if data:
        conn.send(data)
    else:
        sel.unregister(conn)
        conn.close()

sock = socket.socket()
sock.bind(('127.0.0.1', 0))
sock.listen(1024)
sock.setblocking(False)
sel.register(sock, selectors.EVENT_READ, accept)
print('ready', sock.getsockname()[1], flush=True)

while True:
    events = sel.select()
    for key, mask in events:
        callback = key.data
        callback(key.fileobj, mask)
