#!/usr/bin/env python3
"""stopload.py BANGFU DBURL PATH ROUNDS: a server stopped (SIGTERM) while
16 clients ask for PATH as fast as they can, ROUNDS times.  Every answer
that began must be whole (as long as its Content-Length says): a request
is answered in full or refused, never cut.  Prints the counts; exits 1
when an answer was cut."""
import re
import socket
import subprocess
import sys
import threading
import time

bangfu, dburl, path, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
whole = cut = 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def answer(port):
    """'whole', 'cut', or None (refused: the server no longer listens)."""
    try:
        s = socket.create_connection(("127.0.0.1", port))
    except OSError:
        return None
    s.sendall(("GET %s HTTP/1.1\r\nHost: bangfu\r\n\r\n" % path).encode())
    data, want = b"", None
    while want is None or len(data) < want:
        try:
            d = s.recv(65536)
        except OSError:
            d = b""
        if not d:
            break
        data += d
        h = data.find(b"\r\n\r\n")
        m = re.search(rb"\r\nContent-Length: (\d+)\r\n", data[:h + 2]) if h >= 0 else None
        if m:
            want = h + 4 + int(m.group(1))
    s.close()
    if not data:
        return None
    return "whole" if want is not None and len(data) >= want else "cut"


for r in range(rounds):
    port = free_port()
    server = subprocess.Popen([bangfu, "--db", dburl, "serve", "--listen", "127.0.0.1:%d" % port,
                               "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    server.stdout.readline()  # its address: listening
    got = []

    def client():
        while True:
            a = answer(port)
            if a is None:
                return
            got.append(a)

    clients = [threading.Thread(target=client) for _ in range(16)]
    for c in clients:
        c.start()
    time.sleep(0.3)
    server.terminate()
    for c in clients:
        c.join()
    server.wait()
    whole += got.count("whole")
    cut += got.count("cut")
print("%d answers whole, %d cut" % (whole, cut))
sys.exit(1 if cut or not whole else 0)
