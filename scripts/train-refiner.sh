#!/usr/bin/env bash
# One leg of the softcast-refined training schedule (docs/TRAINING.md): starts the run, or resumes it from the
# committed checkpoint in checkpoints/softcast-refined. Extra arguments go to `train` (e.g. --threads 1,
# --stop-at STEP). Writes the weights to the shipped location when the leg ends.
set -euo pipefail
cd "$(dirname "$0")/.."
RESUME=""
[ -f checkpoints/softcast-refined/latest.properties ] && RESUME="--resume"
exec ./semstream train --codec softcast-refined --photos data/photos/train --steps 30000 --batch 16 --crop 96 \
  --lr 5e-4 --snr-min 0 --snr-max 16 --seed 11 --checkpoint-every 100 \
  --checkpoint-dir checkpoints/softcast-refined $RESUME "$@"
