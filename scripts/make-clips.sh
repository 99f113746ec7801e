#!/usr/bin/env bash
# Makes the clips of consecutive frames that `semstream eval --adapt` is measured on (issue 5). Nothing
# is committed or downloaded: two are drawn by ffmpeg's own generators, one pans across a held-out photo.
#
#   data/clips/testsrc2      synthetic graphics (ffmpeg's testsrc2: flat colours, moving shapes, digits)
#   data/clips/mandelbrot    synthetic graphics (a zoom into the Mandelbrot set)
#   data/clips/pan-ladybird  in-domain: a camera pan across the held-out LadyBird photo
#                            (needs scripts/extract-photos.sh first)
#
# With --tuning it makes the clips the online adapter's defaults were chosen on instead, kept apart
# from the ones above so that the reported figures are not tuned to:
#
#   data/clips-tune/gradients   a slowly turning colour gradient
#   data/clips-tune/screen      scrolling text on a dark editor-like background (screen content)
#   data/clips-tune/sierpinski  a black-and-white fractal (the codec fails on it at 7.7 dB)
#
# With --screen it records real screen content instead (needs the Debian packages xvfb and xterm):
#
#   data/clips-real/screen-1024x436  16 frames of a terminal printing text, grabbed from a virtual X
#                                    display by ffmpeg's x11grab at 8 frames/s
#
# 32 frames of 256x256 each, PNG. Frame names sort in time order, as eval --adapt expects.
set -euo pipefail
cd "$(dirname "$0")/.."
TUNING=0
if [ "${1:-}" = "--screen" ]; then
  OUT=${2:-data/clips-real}/screen-1024x436
  for tool in Xvfb xterm ffmpeg; do
    command -v $tool >/dev/null || { echo "$tool is missing: apt-get install xvfb xterm ffmpeg" >&2; exit 1; }
  done
  rm -rf "$OUT" && mkdir -p "$OUT"
  DISPLAY_NO=:77
  Xvfb $DISPLAY_NO -screen 0 1024x436x24 >/dev/null 2>&1 & XVFB=$!
  trap 'kill $XVFB 2>/dev/null || true' EXIT
  sleep 1
  DISPLAY=$DISPLAY_NO xterm -geometry 170x32+0+0 -e bash -c \
    'for f in /usr/share/doc/*/copyright; do head -4 "$f"; sleep 0.03; done; sleep 5' >/dev/null 2>&1 &
  sleep 2
  ffmpeg -loglevel error -y -f x11grab -video_size 1024x436 -framerate 8 -i $DISPLAY_NO -frames:v 16 \
    -pix_fmt rgb24 "$OUT/f%03d.png"
  echo "$OUT: $(ls "$OUT" | wc -l) frames"
  exit 0
fi
if [ "${1:-}" = "--tuning" ]; then TUNING=1; shift; fi
if [ $TUNING = 1 ]; then OUT=${1:-data/clips-tune}; else OUT=${1:-data/clips}; fi
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
if [ $TUNING = 1 ]; then
  TEXT=$(mktemp)
  trap 'rm -f "$TEXT"' EXIT
  for i in $(seq 1 24); do
    printf 'off %04d step %2d psnr %2d.%02d %s\n' $((i * 37)) $((i % 60)) $((20 + i % 7)) $((i * 13 % 100)) "$([ $((i % 3)) = 0 ] && echo refused || echo sent)"
  done > "$TEXT"
  # Colours and end points given: with only a seed, ffmpeg's gradients still differ from run to run.
  clip gradients -f lavfi \
    -i "gradients=size=256x256:rate=25:speed=0.05:nb_colors=3:c0=0x2fd4d4:c1=0x5d3fd3:c2=0xd44f2f:x0=0:y0=0:x1=255:y1=200"
  clip screen -f lavfi -i color=c=0x1e2430:s=256x256:r=25 \
    -vf "drawtext=textfile=$TEXT:expansion=none:fontcolor=0xd8dee9:fontsize=11:x=6:y=24-t*40,drawbox=x=0:y=0:w=256:h=18:color=0x3b4252:t=fill"
  clip sierpinski -f lavfi -i sierpinski=size=256x256:rate=25:seed=1
  exit 0
fi
clip testsrc2 -f lavfi -i testsrc2=size=256x256:rate=25
clip mandelbrot -f lavfi -i mandelbrot=size=256x256:rate=25
PHOTO=data/photos/heldout/mate-LadyBird.png
if [ -f "$PHOTO" ]; then
  clip pan-ladybird -loop 1 -i "$PHOTO" -vf "crop=256:256:x='min(n*8,iw-256)':y=112"
else
  echo "skipping pan-ladybird: $PHOTO is missing (run scripts/extract-photos.sh)" >&2
fi
