"""Print the port `make run` will serve on: the one asked for if it is free, else the next free one.

Usage: python scripts/pick_port.py 8001
"""
from __future__ import annotations

import socket
import sys


def is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def pick(wanted: int, tries: int = 50) -> int:
    for port in range(wanted, min(wanted + tries, 65536)):
        if is_free(port):
            return port
    raise SystemExit(f"No hay un puerto libre entre {wanted} y {wanted + tries - 1}.")


if __name__ == "__main__":
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 8001
    port = pick(wanted)
    if port != wanted:
        print(f"El puerto {wanted} está ocupado; se usa el {port}.", file=sys.stderr)
    print(port)
