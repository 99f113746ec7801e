#!/usr/bin/env bash
# One leg of the semantic-token training schedule (docs/TRAINING.md): starts the run, or resumes it from the
# committed checkpoint in checkpoints/semantic. Extra arguments go to `train` (e.g. --threads 1,
# --stop-at STEP). Writes the weights to the shipped location when the leg ends.
set -euo pipefail
cd "$(dirname "$0")/.."
RESUME=""
[ -f checkpoints/semantic/latest.properties ] && RESUME="--resume"
exec ./semstream train --codec semantic --photos data/photos/train --steps 20000 --batch 8 \
  --lr 5e-4 --snr-min 0 --snr-max 16 --seed 19 --checkpoint-every 200 \
  --checkpoint-dir checkpoints/semantic $RESUME "$@"
