#!/usr/bin/env python3
"""xip-upgrade.py: rewrites saved images of format versions 2 and 3 as
version 4, the current one.

Usage: xip-upgrade.py IMAGE... (each rewritten in place; other versions are
left alone). Version 3 (docs/format.md) adds an offset table after the
count of each section whose entries vary in size, and `ram, before` fields
to RAM tables (defined and imported). Meant for saved images such as
fuzz/regressions/: the entries are walked as far as they parse; the bytes of
a malformed tail are kept as they are, and the sizes recomputed. Version 4
changes only the header's checksum, from CRC-32 to Adler-32, which is
recomputed.
"""
import struct
import sys
import zlib

TYPE, IMPORT, TABLE, GLOBAL, EXPORT, DATA, ELEM = 1, 2, 4, 6, 7, 9, 11
INDEXED = {TYPE, IMPORT, TABLE, GLOBAL, EXPORT, DATA, ELEM}
CEXPR_OPERAND = {1: 4, 2: 8, 3: 2, 4: 2}  # I32, I64, GLOBAL, REF_FUNC; END = 0; the rest none
NO_MAX = 0xFFFFFFFF


class Walk:
    """Entry walker over one v2 section body; `place` (words, ram) carries the RAM tables so far."""

    def __init__(self, body, place):
        self.b, self.pos, self.place = body, 2, place

    def take(self, n):
        if self.pos + n > len(self.b):
            raise IndexError
        self.pos += n
        return self.b[self.pos - n:self.pos]

    def u8(self):
        return self.take(1)[0]

    def u16(self):
        return struct.unpack("<H", self.take(2))[0]

    def u32(self):
        return struct.unpack("<I", self.take(4))[0]

    def cexpr(self):
        while True:
            op = self.u8()
            if op == 0:
                return
            self.take(CEXPR_OPERAND.get(op, 0))

    def name(self):
        self.take(self.u16())

    def placement(self, lo, hi):
        """The v3 `before` field of the next RAM table, with limits lo..hi; counts it."""
        before = min(self.place[0], NO_MAX)
        self.place[0] += lo if hi == NO_MAX else hi
        self.place[1] += 1
        return struct.pack("<I", before)

    def entry(self, sid):
        """The v3 bytes of the entry at pos (IndexError if it runs past the body)."""
        start = self.pos
        if sid == TYPE:
            self.take(self.u8() + self.u8())
        elif sid == IMPORT:
            kind = self.u8()
            if kind == 1:  # table: `before` after the limits
                self.take(1)
                lo, hi = self.u32(), self.u32()
                head = self.b[start:self.pos] + self.placement(lo, hi)
                names = self.pos
                self.name()
                self.name()
                return head + self.b[names:self.pos]
            if kind > 3:
                raise IndexError
            self.take({0: 2, 2: 9, 3: 2}[kind])
            self.name()
            self.name()
        elif sid == TABLE:
            self.take(1)
            flags = self.u8()
            lo, hi = self.u32(), self.u32()
            if flags & 1:  # RAM: `ram, before`
                ram = self.place[1]
                return self.b[start:self.pos] + bytes([ram & 0xFF]) + self.placement(lo, hi)
            self.take(2 * self.u32())
        elif sid == GLOBAL:
            self.take(2)
            self.cexpr()
        elif sid == EXPORT:
            self.take(3)
            self.name()
        elif sid == DATA:
            if self.u8() == 0:
                self.cexpr()
            self.take(self.u32())
        else:
            mode = self.u8()
            self.take(1)
            if mode == 0:
                self.take(1)
                self.cexpr()
            for _ in range(self.u32()):
                self.cexpr()
        return self.b[start:self.pos]


def index(entries, tail):
    """A v3 indexed body from the entries, then the bytes after them (kept: the verifier refuses them)."""
    count = len(entries)
    size = 2 + sum(len(e) for e in entries) + len(tail)
    width = 1
    while width < 4 and size + (count - 1) * width > (0xFF if width == 1 else 0xFFFF):
        width *= 2
    table, at = b"", 2 + (count - 1) * width + (len(entries[0]) if entries else 0)
    for e in entries[1:]:
        table += at.to_bytes(width, "little")
        at += len(e)
    return struct.pack("<H", count) + table + b"".join(entries) + tail


def v2_to_v3(img):
    """The v3 image of v2 image img (img itself if it is not version 2)."""
    if len(img) < 20 or img[8] != 2:
        return img
    out, pos, place = bytearray(img[:20]), 20, [0, 0]
    size = min(struct.unpack("<I", img[12:16])[0], len(img))
    while pos + 5 <= size:
        sid, n = img[pos], struct.unpack("<I", img[pos + 1:pos + 5])[0]
        body = img[pos + 5:pos + 5 + n]
        if sid in INDEXED and len(body) >= 2:
            walk, entries = Walk(body, place), []
            try:
                for _ in range(struct.unpack("<H", body[:2])[0]):
                    entries.append(walk.entry(sid))
                body = index(entries, body[walk.pos:])
            except IndexError:  # malformed: left as it was
                pass
        out += bytes([sid]) + struct.pack("<I", len(body)) + body
        pos += 5 + n
    out += img[pos:]
    out[8] = 3
    out[12:16] = struct.pack("<I", len(out))
    return bytes(out)


def v3_to_v4(img):
    """The v4 image of v3 image img (img itself if it is not version 3): version 4 and the Adler-32 checksum."""
    if len(img) < 20 or img[8] != 3:
        return img
    out = bytearray(img)
    out[8] = 4
    out[16:20] = struct.pack("<I", zlib.adler32(bytes(out[20:])))
    return bytes(out)


def convert(img):
    """The current-version image of a version 2 or 3 image img."""
    return v3_to_v4(v2_to_v3(img))


def main():
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            img = f.read()
        with open(path, "wb") as f:
            f.write(convert(img))


if __name__ == "__main__":
    main()
