#!/usr/bin/env bash
# One leg of the hda-j2k-refined training schedule (docs/TRAINING.md): starts the run, or resumes it from the
# committed checkpoint in checkpoints/hda-refined. Extra arguments go to `train` (e.g. --threads 1,
# --stop-at STEP). Writes the weights to the shipped location when the leg ends.
set -euo pipefail
cd "$(dirname "$0")/.."
RESUME=""
[ -f checkpoints/hda-refined/latest.properties ] && RESUME="--resume"
exec ./semstream train --codec hda-refined --photos data/photos/train --steps 20000 --batch 16 --crop 96 \
  --lr 5e-4 --snr-min 0 --snr-max 16 --seed 11 --checkpoint-every 100 --bank 96 \
  --checkpoint-dir checkpoints/hda-refined $RESUME "$@"
