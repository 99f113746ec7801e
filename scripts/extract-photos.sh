#!/usr/bin/env bash
# Extracts the project's photo sets from Debian packages (DESIGN §7): nothing is downloaded from
# anywhere but Debian's package archive, and no photo is committed.
#
#   data/photos/train    mate-backgrounds (nature) + plasma-workspace-wallpapers, minus the held-out ones
#   data/photos/heldout  python3-skimage's colour sample photographs + two mate nature photos
#
# Every photo is scaled to fit 768x768 (Kodak's scale) and stored as PNG. The held-out set is
# never used for training or for choosing hyper-parameters; it only produces the README's figures.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-data/photos}
PKGS="mate-backgrounds plasma-workspace-wallpapers python3-skimage imagemagick"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
mkdir -p "$OUT/train" "$OUT/heldout"
HELDOUT_MATE="LadyBird Storm"
fit() { convert "$1" -auto-orient -colorspace sRGB -alpha off -resize '768x768>' -strip "PNG24:$2"; }

for f in /usr/share/backgrounds/mate/nature/*.jpg; do
  name=$(basename "$f" .jpg)
  if [[ " $HELDOUT_MATE " == *" $name "* ]]; then fit "$f" "$OUT/heldout/mate-$name.png"
  else fit "$f" "$OUT/train/mate-$name.png"; fi
done
for d in /usr/share/wallpapers/*/contents/images; do
  name=$(basename "$(dirname "$(dirname "$d")")")
  # the largest landscape rendition of each wallpaper
  best=$(ls "$d" | grep -E '^[0-9]+x[0-9]+\.(jpg|png)$' | awk -Fx '{split($2,a,"."); if ($1+0 >= a[1]+0) print $1*a[1], $0}' | sort -n | tail -1 | cut -d' ' -f2)
  [ -n "$best" ] && fit "$d/$best" "$OUT/train/plasma-$name.png"
done
SK=/usr/lib/python3/dist-packages/skimage/data
for n in astronaut.png chelsea.png coffee.png motorcycle_left.png rocket.jpg; do
  fit "$SK/$n" "$OUT/heldout/skimage-${n%.*}.png"
done
echo "train: $(ls "$OUT/train" | wc -l) photos, held-out: $(ls "$OUT/heldout" | wc -l) photos in $OUT"
