#!/usr/bin/env bash
# One leg of the implicit-lp training schedule (docs/TRAINING.md): starts the run, or resumes it from the committed
# checkpoint in checkpoints/implicit-lp. Extra arguments go to `train` (e.g. --threads 1, --stop-at STEP). Writes the
# weights to the shipped location when the leg ends.
set -euo pipefail
cd "$(dirname "$0")/.."
RESUME=""
[ -f checkpoints/implicit-lp/latest.properties ] && RESUME="--resume"
exec ./semstream train --codec implicit-lp --telemetry data/telemetry/train --steps 20000 --batch 32 --lr 1e-4 \
  --snr-min 0 --snr-max 16 --seed 5 --checkpoint-every 500 --checkpoint-dir checkpoints/implicit-lp $RESUME "$@"
