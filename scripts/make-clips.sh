#!/usr/bin/env bash
# Makes the clips of consecutive frames that `semstream eval --adapt` is measured on (issue 5). Nothing
# is committed or downloaded: two are drawn by ffmpeg's own generators, one pans across a held-out photo.
#
#   data/clips/testsrc2      synthetic graphics (ffmpeg's testsrc2: flat colours, moving shapes, digits)
#   data/clips/mandelbrot    synthetic graphics (a zoom into the Mandelbrot set)
#   data/clips/pan-ladybird  in-domain: a camera pan across the held-out LadyBird photo
#                            (needs scripts/extract-photos.sh first)
#
# 32 frames of 256x256 each, PNG. Frame names sort in time order, as eval --adapt expects.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-data/clips}
FRAMES=32
if ! command -v ffmpeg >/dev/null; then
  echo "installing ffmpeg"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
fi
clip() {
  local name=$1; shift
  rm -rf "${OUT:?}/$name" && mkdir -p "$OUT/$name"
  ffmpeg -loglevel error -y "$@" -frames:v "$FRAMES" -pix_fmt rgb24 "$OUT/$name/f%03d.png"
  echo "$OUT/$name: $(ls "$OUT/$name" | wc -l) frames"
}
clip testsrc2 -f lavfi -i testsrc2=size=256x256:rate=25
clip mandelbrot -f lavfi -i mandelbrot=size=256x256:rate=25
PHOTO=data/photos/heldout/mate-LadyBird.png
if [ -f "$PHOTO" ]; then
  clip pan-ladybird -loop 1 -i "$PHOTO" -vf "crop=256:256:x='min(n*8,iw-256)':y=112"
else
  echo "skipping pan-ladybird: $PHOTO is missing (run scripts/extract-photos.sh)" >&2
fi
