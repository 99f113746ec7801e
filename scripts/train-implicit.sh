#!/usr/bin/env bash
# One leg of the implicit codec's meta-training schedule (docs/TRAINING.md): starts the run, or resumes it
# from the committed checkpoint in checkpoints/implicit. Extra arguments go to `train` (e.g. --stop-at STEP).
# Writes the base network and its latent prior to the shipped location when the leg ends.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d data/telemetry/train ] || scripts/extract-telemetry.sh
RESUME=""
[ -f checkpoints/implicit/latest.properties ] && RESUME="--resume"
exec ./semstream train --codec implicit --telemetry data/telemetry/train --steps 20000 --batch 32 \
  --lr 3e-4 --snr-min 0 --snr-max 16 --seed 29 --checkpoint-every 100 \
  --checkpoint-dir checkpoints/implicit $RESUME "$@"
