#!/usr/bin/python3
"""Splits the fuller CJK fonts into small chunk files the browser loads on demand (生僻字).

    scripts/make-rare-fonts.py OUT_DIR        -> OUT_DIR/rare/index.json + OUT_DIR/rare/*.otf|ttf

The base font (make-font.sh) holds GB 2312 and the catalogue. Every other CJK ideograph a name
may use (CJK Unified Ideographs, Extensions A-H, compatibility ideographs, radicals, strokes)
is cut into chunks of 256 code points (one "block", U+xxx00-U+xxxFF), each chunk taken from one
source font:
  - Basic Multilingual Plane: Noto Sans CJK SC first (the base font's own face, so 堃 or 䶮 look
    like the text around them), then HanaMinA, then BabelStone Han;
  - supplementary planes (Extensions B-H): HanaMinB first (the fullest), then BabelStone Han,
    then HanaMinA.
A block whose characters come from two fonts gives two chunks. Chunks are written with
fontTools' FontBuilder rather than the subsetter: TrueType glyphs are copied as they are and
Noto's CFF glyphs redrawn into plain charstrings, about ten times faster than one subsetter run
per chunk. Every chunk gets the vertical metrics of Noto Sans CJK (ascent 1.160 em, descent
0.288 em), because Dear ImGui sizes a font by ascent - descent: with the source fonts' own
metrics a merged HanaMin glyph would be drawn about 1.4 times too large.

A chunk's file name carries a hash of its content, so the service worker can cache chunks for
good (a changed chunk is a new URL). index.json lists, per chunk: file, block, and a 256-bit map
(64 hex digits, bit i = code point block*256+i) of the code points it has.

Skips the work (minutes on a busy machine) when index.json is newer than this script and the
source fonts. Needs Debian's python3-fonttools, fonts-noto-cjk, fonts-hanazono and
fonts-babelstone-han (scripts/setup.sh).
"""
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import sys
import tempfile

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

NOTO = ("n", os.environ.get("XUEJI_CJK_FONT", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2)
HANA_A = ("a", "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", -1)
HANA_B = ("b", "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", -1)
BABELSTONE = ("s", "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf", -1)
BMP_ORDER = (NOTO, HANA_A, BABELSTONE)
SUPPLEMENTARY_ORDER = (HANA_B, BABELSTONE, HANA_A)

RANGES = (
    (0x2E80, 0x2FDF),    # CJK radicals supplement, Kangxi radicals
    (0x31C0, 0x31EF),    # CJK strokes
    (0x3400, 0x4DBF),    # Extension A (䶮)
    (0x4E00, 0x9FFF),    # URO beyond GB 2312 (堃 喆 玥)
    (0xF900, 0xFAFF),    # compatibility ideographs
    (0x20000, 0x2A6DF),  # Extension B (𠈌)
    (0x2A700, 0x2EBEF),  # Extensions C, D, E, F
    (0x2F800, 0x2FA1F),  # compatibility ideographs supplement
    (0x30000, 0x323AF),  # Extensions G, H
)
BLOCK = 256
# Noto Sans CJK's vertical metrics in em, imposed on every chunk (see above).
ASCENT_EM = 1.160
DESCENT_EM = 0.288


def gb2312_hanzi():
    chars = set()
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((lead, trail)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


_fonts = {}


def load(source):
    key, path, number = source
    if key not in _fonts:
        font = TTFont(path, fontNumber=number, lazy=True)
        _fonts[key] = (font, font.getBestCmap())
    return _fonts[key]


def build_chunk(task):
    """task = (source, block, code points): the chunk's bytes, its name and bitmap."""
    source, block, code_points = task
    font, cmap = load(source)
    upm = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    cff = "CFF " in font
    names = [".notdef"]
    metrics = {".notdef": (upm, 0)}
    mapping = {}
    if cff:
        glyph_set = font.getGlyphSet()
        charstrings = {".notdef": T2CharStringPen(upm, None).getCharString()}
    else:
        glyf = font["glyf"]
        glyphs = {".notdef": Glyph()}
    for cp in code_points:
        source_name = cmap[cp]
        name = "u%X" % cp
        width, lsb = hmtx[source_name]
        if cff:
            pen = T2CharStringPen(width, None)
            glyph_set[source_name].draw(pen)
            charstrings[name] = pen.getCharString()
        else:
            glyph = glyf[source_name]
            if glyph.isComposite():  # none in these fonts today; redraw would be needed
                continue
            glyphs[name] = glyph
        names.append(name)
        metrics[name] = (width, lsb)
        mapping[cp] = name
    builder = FontBuilder(upm, isTTF=not cff)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(mapping)
    if cff:
        builder.setupCFF("XuejiRare", {"FullName": "XuejiRare"}, charstrings, {})
    else:
        builder.setupGlyf(glyphs, calcGlyphBounds=False)
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=round(ASCENT_EM * upm), descent=-round(DESCENT_EM * upm))
    builder.setupNameTable({"familyName": "XuejiRare", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=round(ASCENT_EM * upm), sTypoDescender=-round(DESCENT_EM * upm),
                     usWinAscent=round(ASCENT_EM * upm), usWinDescent=round(DESCENT_EM * upm))
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    data = out.getvalue()
    bits = 0
    for cp in mapping:
        bits |= 1 << (cp - block * BLOCK)
    digest = hashlib.sha256(data).hexdigest()[:10]
    file_name = "%04x-%s-%s.%s" % (block, source[0], digest, "otf" if cff else "ttf")
    return file_name, block, "%064x" % bits, data


def plan():
    """The chunks to build: (source, block, [code points]) in block order."""
    skip = gb2312_hanzi()
    cmaps = {s[0]: load(s)[1] for s in (NOTO, HANA_A, HANA_B, BABELSTONE)}
    tasks = {}
    for first, last in RANGES:
        for cp in range(first, last + 1):
            if cp in skip:
                continue
            for source in (BMP_ORDER if cp < 0x10000 else SUPPLEMENTARY_ORDER):
                if cp in cmaps[source[0]]:
                    tasks.setdefault((cp // BLOCK, source), []).append(cp)
                    break
    _fonts.clear()  # workers load their own (fork shares nothing useful after this)
    return [(source, block, cps) for (block, source), cps in sorted(tasks.items(), key=lambda t: (t[0][0], t[0][1][0]))]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-rare-fonts.py OUT_DIR")
    out_dir = os.path.join(sys.argv[1], "rare")
    index_path = os.path.join(out_dir, "index.json")
    inputs = [os.path.abspath(__file__)] + [s[1] for s in (NOTO, HANA_A, HANA_B, BABELSTONE)]
    for path in inputs[1:]:
        if not os.path.isfile(path):
            sys.exit(f"make-rare-fonts: {path} missing: run scripts/setup.sh")
    if os.path.isfile(index_path):
        built = os.path.getmtime(index_path)
        if all(os.path.getmtime(p) < built for p in inputs):
            print(f"make-rare-fonts: {index_path} is up to date")
            return

    tasks = plan()
    # Big blocks first, so the two workers finish together.
    tasks.sort(key=lambda t: -len(t[2]) * (4 if t[0] is NOTO else 1))
    jobs = int(os.environ.get("XUEJI_FONT_JOBS", "2"))
    parent = os.path.dirname(os.path.abspath(out_dir))
    os.makedirs(parent, exist_ok=True)
    work = tempfile.mkdtemp(prefix="rare-", dir=parent)
    try:
        chunks = []
        total = 0
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for file_name, block, bits, data in pool.imap_unordered(build_chunk, tasks, chunksize=4):
                with open(os.path.join(work, file_name), "wb") as f:
                    f.write(data)
                chunks.append([file_name, block, bits])
                total += len(data)
        chunks.sort(key=lambda c: (c[1], c[0]))
        glyphs = sum(bin(int(c[2], 16)).count("1") for c in chunks)
        with open(os.path.join(work, "index.json"), "w") as f:
            json.dump({"block": BLOCK, "glyphs": glyphs, "bytes": total, "chunks": chunks}, f,
                      separators=(",", ":"))
        shutil.rmtree(out_dir, ignore_errors=True)
        os.rename(work, out_dir)
        print(f"make-rare-fonts: {len(chunks)} chunks, {glyphs} glyphs, {total} bytes in {out_dir}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
