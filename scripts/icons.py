#!/usr/bin/env python3
"""Draws the app's install icons (public/icons/*.png) from the favicon's design: a ring
and a centre dot in the brand blue, on white. Standard library only, so it runs on any
machine with Python 3. The PNGs are committed; run this again only to change the design.

    python3 scripts/icons.py
"""
import math
import struct
import zlib
from pathlib import Path

BLUE = (0x1F, 0x5F, 0x8B)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"


def coverage(size, x, y, scale):
    """How much of pixel (x, y) the ring and dot cover, 4x4 supersampled. `scale` shrinks
    the design toward the centre (maskable icons keep it inside the safe zone)."""
    hits = 0
    for sy in range(4):
        for sx in range(4):
            # In the favicon's 32-unit coordinates.
            u = ((x + (sx + 0.5) / 4) / size * 32 - 16) / scale
            v = ((y + (sy + 0.5) / 4) / size * 32 - 16) / scale
            r = math.hypot(u, v)
            if r <= 5 or 11.5 <= r <= 14.5:
                hits += 1
    return hits / 16


def png(size, scale):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            a = coverage(size, x, y, scale)
            row += bytes(round(w + (b - w) * a) for b, w in zip(BLUE, WHITE))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, scale in [
        ("icon-192.png", 192, 0.9),
        ("icon-512.png", 512, 0.9),
        ("maskable-512.png", 512, 0.7),
        ("apple-touch-icon.png", 180, 0.8),
    ]:
        (OUT / name).write_bytes(png(size, scale))
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
