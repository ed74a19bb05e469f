#!/usr/bin/env bash
# Builds the browser's base CJK font: Noto Sans CJK SC (fonts-noto-cjk) subset to ASCII, CJK
# punctuation, full-width forms, the 6,763 GB 2312 hanzi and every character the given text
# files use (the UI string catalogue, the core's messages). The whole Noto face is 19 MB; this
# subset is about 3 MB, which the service worker caches once.
#
#   scripts/make-font.sh OUT_DIR [TEXT_FILE...]   -> OUT_DIR/xueji-base.otf
#
# Skips the work (about 10 s) when the output is newer than the font, this script and every
# text file. Rare characters (生僻字) are not the base font's job: they load on demand later.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 OUT_DIR [TEXT_FILE...]" >&2
  exit 2
fi
out_dir="$1"
shift
source_font="${XUEJI_CJK_FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
face_index=2 # Noto Sans CJK SC inside the collection
output="$out_dir/xueji-base.otf"
# Debian's python carries fontTools (python3-fonttools); another python3 may come first on PATH.
python=/usr/bin/python3

if [ ! -f "$source_font" ]; then
  echo "make-font: $source_font missing: install fonts-noto-cjk (scripts/setup.sh)" >&2
  exit 1
fi

up_to_date=1
if [ ! -f "$output" ]; then
  up_to_date=0
else
  for input in "$source_font" "$0" "$@"; do
    if [ "$input" -nt "$output" ]; then
      up_to_date=0
      break
    fi
  done
fi
if [ "$up_to_date" = 1 ]; then
  echo "make-font: $output is up to date"
  exit 0
fi

mkdir -p "$out_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The character list: fixed ranges, GB 2312 computed from Python's codec (every valid
# two-byte code decodes to exactly one character), and the text files' own characters.
"$python" - "$work/text.txt" "$@" <<'PY'
import sys

out_path, text_files = sys.argv[1], sys.argv[2:]
chars = set(chr(c) for c in range(0x20, 0x7F))
chars.update(chr(c) for c in range(0x3000, 0x3040))  # CJK symbols and punctuation
chars.update(chr(c) for c in range(0xFF00, 0xFFF0))  # half-width and full-width forms
# General punctuation: GB 2312's codec maps A1AA to U+2015, but Chinese text (and GB 18030) uses
# U+2014 for the dash; quotes, ellipsis and ※ live here too.
chars.update(chr(c) for c in range(0x2010, 0x2040))
hanzi = 0
for lead in range(0xA1, 0xFF):
    for trail in range(0xA1, 0xFF):
        try:
            ch = bytes((lead, trail)).decode("gb2312")
        except UnicodeDecodeError:
            continue
        chars.add(ch)
        if 0x4E00 <= ord(ch) <= 0x9FFF:
            hanzi += 1
if hanzi != 6763:
    sys.exit(f"make-font: expected 6763 GB 2312 hanzi, the codec gave {hanzi}")
for path in text_files:
    with open(path, encoding="utf-8") as f:
        chars.update(ch for ch in f.read() if ord(ch) >= 0x20)
with open(out_path, "w", encoding="utf-8") as f:
    f.write("".join(sorted(chars)))
print(f"make-font: {len(chars)} characters ({hanzi} GB 2312 hanzi)")
PY

# Layout and vertical-metrics tables are dropped on purpose: ImGui draws horizontal text glyph
# by glyph and never shapes it. Hinting is useless to its rasteriser (stb_truetype).
"$python" -m fontTools.subset "$source_font" --font-number="$face_index" \
  --text-file="$work/text.txt" --layout-features='' --no-hinting --desubroutinize \
  --drop-tables+=GPOS,GSUB,VORG,vhea,vmtx \
  --name-IDs='*' --output-file="$work/xueji-base.otf"
mv "$work/xueji-base.otf" "$output"
echo "make-font: wrote $output ($(stat -c %s "$output") bytes)"
