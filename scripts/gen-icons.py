#!/usr/bin/env python3
# Usage: python3 scripts/gen-icons.py src-tauri/icons
# Generates Assay's placeholder app icon (RGBA PNG): a blue rounded square with
# a white magnifying glass. Pure python3 (zlib + struct), no Pillow needed.
import math, struct, sys, zlib

def dist_seg(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))

def sample(x, y):
    """Colour at (x, y) in unit coordinates [0,1]^2: (r, g, b, a) or None."""
    # rounded square, radius 0.2, inset 0.03
    m, r = 0.03, 0.2
    cx = min(max(x, m + r), 1 - m - r)
    cy = min(max(y, m + r), 1 - m - r)
    if math.hypot(x - cx, y - cy) > r:
        return None
    lens_c, lens_r, w = (0.44, 0.44), 0.2, 0.07
    d = math.hypot(x - lens_c[0], y - lens_c[1])
    if abs(d - lens_r) < w / 2:
        return (255, 255, 255, 255)
    if dist_seg(x, y, 0.585, 0.585, 0.76, 0.76) < 0.055:
        return (255, 255, 255, 255)
    return (31, 78, 140, 255)

def png(size, path, ss=4):
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            acc = [0, 0, 0, 0]
            for sj in range(ss):
                for si in range(ss):
                    c = sample((i + (si + 0.5) / ss) / size, (j + (sj + 0.5) / ss) / size)
                    if c:
                        for k in range(3):
                            acc[k] += c[k] * c[3]
                        acc[3] += c[3]
            n = ss * ss
            a = acc[3] / n
            if a > 0:
                row += bytes(round(acc[k] / acc[3]) for k in range(3)) + bytes([round(a)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) \
        + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    open(path, "wb").write(data)

out = sys.argv[1]
png(32, f"{out}/32x32.png")
png(128, f"{out}/128x128.png")
png(256, f"{out}/icon.png")
