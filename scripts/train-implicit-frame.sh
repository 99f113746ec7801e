#!/usr/bin/env bash
# One leg of the implicit frame field's meta-training schedule (docs/TRAINING.md): starts the run, or resumes it
# from the committed checkpoint in checkpoints/implicit-frame. Extra arguments go to `train` (e.g. --threads 1,
# --stop-at STEP). Writes the weights and the latent prior to the shipped location when the leg ends.
set -euo pipefail
cd "$(dirname "$0")/.."
RESUME=""
[ -f checkpoints/implicit-frame/latest.properties ] && RESUME="--resume"
exec ./semstream train --codec implicit-frame --photos data/photos/train --steps 6000 --batch 48 \
  --lr 3e-4 --snr-min 0 --snr-max 16 --seed 31 --checkpoint-every 100 \
  --checkpoint-dir checkpoints/implicit-frame $RESUME "$@"
