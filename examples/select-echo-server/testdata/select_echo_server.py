# A multi-client echo server on select.select, as the socket HOWTO's
# "Non-blocking Sockets" section describes it: non-blocking sockets, one
# select over the listening socket, the clients to read and the clients
# with data to write back, and a queue of unsent data per client. The
# port comes from the command line.
import select
import socket
import sys

HOST = '127.0.0.1'
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 50007

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((HOST, PORT))
server.listen(5)
server.setblocking(False)

inputs = [server]
outputs = []
queues = {}
peers = {}

while inputs:
    readable, writable, exceptional = select.select(inputs, outputs, inputs, 60)
    if not (readable or writable or exceptional):
        print('timed out')
        continue
    for s in readable:
        if s is server:
            conn, addr = s.accept()
            print('connection from', addr)
            conn.setblocking(False)
            inputs.append(conn)
            queues[conn] = b''
            peers[conn] = addr
        else:
            data = s.recv(1024)
            if data:
                print('received', repr(data), 'from', peers[s])
                queues[s] += data
                if s not in outputs:
                    outputs.append(s)
            else:
                print('closing', peers[s])
                if s in outputs:
                    outputs.remove(s)
                inputs.remove(s)
                s.close()
                del queues[s], peers[s]
    for s in writable:
        if s not in queues:
            continue
        sent = s.send(queues[s])
        print('sent', sent, 'bytes to', peers[s])
        queues[s] = queues[s][sent:]
        if not queues[s]:
            outputs.remove(s)
    for s in exceptional:
        if s not in queues:
            continue
        print('exceptional condition on', peers[s])
        inputs.remove(s)
        if s in outputs:
            outputs.remove(s)
        s.close()
        del queues[s], peers[s]
