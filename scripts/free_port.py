"""Prints a free TCP port on 127.0.0.1, trying the given start port first."""
import socket
import sys

start = int(sys.argv[1]) if len(sys.argv) > 1 else 0
for port in ([start] if start else []) + [0]:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(s.getsockname()[1])
        break
