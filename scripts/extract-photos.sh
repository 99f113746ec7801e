#!/usr/bin/env bash
# Extracts the project's photo sets from Debian packages: nothing is downloaded from anywhere but Debian's
# package archive, and no photo is committed.
#
#   data/photos/train     every photograph the wallpaper packages ship, minus the held-out ones:
#                         mate-backgrounds (nature), plasma-workspace-wallpapers (largest rendition),
#                         ukui-wallpapers and lomiri-wallpapers (the photographs among them), scaled to
#                         fit 1536x1536 so training can crop at several scales; plus frames of the real
#                         videos opencv-doc ships (vtest.avi, tree.avi), one every ten seconds
#   data/photos/heldout   python3-skimage's colour photographs + two mate nature photos (LadyBird, Storm),
#                         fit to 768x768: the set the earlier figures were measured on
#   data/photos/textured  the textured held-out set: opencv-doc's and scikit-learn's sample photographs
#                         and three lomiri/ukui photographs, the large ones downscaled and centre-cropped
#                         to 768x512 (the texture density of 768-px benchmark photos)
#   data/clips/megamind   the first 10 frames of the animation clip opencv-doc ships (Megamind.avi, 720x528)
#
# The held-out sets are never trained on and never used to choose anything; they only produce figures.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-data/photos}
. scripts/need-packages.sh
need_packages mate-backgrounds plasma-workspace-wallpapers ukui-wallpapers lomiri-wallpapers python3-skimage python3-sklearn opencv-doc imagemagick ffmpeg
rm -rf "$OUT/train" "$OUT/heldout" "$OUT/textured"
mkdir -p "$OUT/train" "$OUT/heldout" "$OUT/textured"
fit() { convert "$1" -auto-orient -colorspace sRGB -alpha off -resize "$3x$3>" -strip "PNG24:$2"; }
# Downscale by an integer factor so the shorter side is at least 512, then centre-crop 768x512.
crop768() {
  convert "$1" -auto-orient -colorspace sRGB -alpha off -resize '768x512^' -gravity center -extent 768x512 \
    -strip "PNG24:$2"
}

HELDOUT_MATE="LadyBird Storm"
for f in /usr/share/backgrounds/mate/nature/*.jpg; do
  name=$(basename "$f" .jpg)
  if [[ " $HELDOUT_MATE " == *" $name "* ]]; then fit "$f" "$OUT/heldout/mate-$name.png" 768
  else fit "$f" "$OUT/train/mate-$name.png" 1536; fi
done
for d in /usr/share/wallpapers/*/contents/images; do
  name=$(basename "$(dirname "$(dirname "$d")")")
  best=$(ls "$d" | grep -E '^[0-9]+x[0-9]+\.(jpg|png)$' | awk -Fx '{split($2,a,"."); if ($1+0 >= a[1]+0) print $1*a[1], $0}' | sort -n | tail -1 | cut -d' ' -f2)
  [ -n "$best" ] && fit "$d/$best" "$OUT/train/plasma-$name.png" 1536
done
# The photographs among the ukui and lomiri wallpapers (the rest are illustrations); three held out.
BG=/usr/share/backgrounds
TRAIN_BG="Bridge_by_Sander_Klootwijk Kleiber_by_Lukas_Baubkus Picture_0B_by_freespace Picture_1A_by_freespace
  Wine_by_Jakkub_Mede free_by_Peter_Nerlich friends_by_Aitzol_Berasategi greentock_by_Peter_Nerlich
  picosdeeuropa_by_Aitzol_Berasategi seeding_by_Clements_Engelhardt sunset_by_Aitzol_Berasategi
  umang_by_Abhishek_Mudgal"
HELDOUT_BG="Dragonfly_by_Bolly life_by_Aitzol_Berasategi aitzgorri_by_Aitzol_Berasategi"
for n in $TRAIN_BG; do [ -f "$BG/$n.jpg" ] && fit "$BG/$n.jpg" "$OUT/train/bg-$n.png" 1536; done
for n in $HELDOUT_BG; do [ -f "$BG/$n.jpg" ] && crop768 "$BG/$n.jpg" "$OUT/textured/bg-$n.png"; done
CV=/usr/share/doc/opencv-doc/examples/data
for v in vtest tree; do
  [ -f "$CV/$v.avi" ] && ffmpeg -loglevel error -y -i "$CV/$v.avi" -vf "fps=0.1" -pix_fmt rgb24 "$OUT/train/video-$v-%02d.png"
done

SK=/usr/lib/python3/dist-packages/skimage/data
for n in astronaut.png chelsea.png coffee.png motorcycle_left.png rocket.jpg; do
  fit "$SK/$n" "$OUT/heldout/skimage-${n%.*}.png" 768
done
for n in baboon fruits building aero1 apple butterfly home leuvenA messi5 orange squirrel_cls stuff board; do
  [ -f "$CV/$n.jpg" ] && fit "$CV/$n.jpg" "$OUT/textured/opencv-$n.png" 768
done
SKL=/usr/lib/python3/dist-packages/sklearn/datasets/images
for n in china flower; do [ -f "$SKL/$n.jpg" ] && fit "$SKL/$n.jpg" "$OUT/textured/sklearn-$n.png" 768; done

CLIPS=${OUT%/photos}/clips
if [ -f "$CV/Megamind.avi" ]; then
  rm -rf "$CLIPS/megamind" && mkdir -p "$CLIPS/megamind"
  ffmpeg -loglevel error -y -i "$CV/Megamind.avi" -frames:v 10 -pix_fmt rgb24 "$CLIPS/megamind/f%03d.png"
fi
echo "train: $(ls "$OUT/train" | wc -l), held-out: $(ls "$OUT/heldout" | wc -l), textured held-out:" \
  "$(ls "$OUT/textured" | wc -l) photos in $OUT"
