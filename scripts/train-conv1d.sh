#!/usr/bin/env bash
# One leg of the conv1d-jscc training schedule (docs/TRAINING.md): starts the run, or resumes it from the committed
# checkpoint in checkpoints/conv1d-jscc. Extra arguments go to `train` (e.g. --threads 1, --stop-at STEP). Writes the
# weights to the shipped location when the leg ends.
set -euo pipefail
cd "$(dirname "$0")/.."
RESUME=""
[ -f checkpoints/conv1d-jscc/latest.properties ] && RESUME="--resume"
exec ./semstream train --codec conv1d-jscc --telemetry data/telemetry/train --steps 20000 --batch 32 --lr 1e-3 \
  --snr-min 0 --snr-max 16 --seed 3 --checkpoint-every 500 --checkpoint-dir checkpoints/conv1d-jscc $RESUME "$@"
