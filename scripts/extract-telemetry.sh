#!/usr/bin/env bash
# Extracts the project's telemetry series from Debian packages as SemStream telemetry CSV (a header row
# naming the channels; a first column "timestamp" in ISO-8601, or none and a "# sample-rate-hz: R" line).
# Nothing is downloaded from anywhere but Debian's archive, and no series is committed.
#
#   data/telemetry/train     what the telemetry codecs learn from:
#                            ecg-train      python3-scipy's ECG record (MIT-BIH, 360 Hz, mV), its first 70 %
#                            membrane       matplotlib's membrane potential trace (1 channel)
#                            temps-train    hourly air temperature of San Francisco and Seattle, Jan–Sep 2010
#                                           (python3-vega-datasets)
#                            macro          statsmodels' US macroeconomic quarters, 1959–2009 (12 channels)
#                            employment     vega-datasets' US employment by sector, monthly (22 channels)
#                            msft           matplotlib's Microsoft daily prices (open, high, low, close, volume)
#                            co2            statsmodels' Mauna Loa weekly CO2 (gaps dropped)
#   data/telemetry/heldout   never trained on, never used to choose anything; only for figures:
#                            ecg-heldout    the ECG record's last 30 %
#                            eeg            matplotlib's 4-channel EEG (800 samples at 80 Hz)
#                            weather        Seattle daily weather 2012–2015: precipitation, max/min temperature,
#                                           wind (vega-datasets)
#                            temps-heldout  the two temperature series, Oct–Dec 2010
#                            stocks         matplotlib's monthly closes of six stocks and two indices, the
#                                           months where all eight are quoted
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-data/telemetry}
. scripts/need-packages.sh
need_packages python3-numpy python3-scipy python3-matplotlib python3-statsmodels python3-vega-datasets
rm -rf "$OUT/train" "$OUT/heldout"
mkdir -p "$OUT/train" "$OUT/heldout"
# Debian's own interpreter: the packages above live in its dist-packages, not in a pyenv's.
/usr/bin/python3 - "$OUT" <<'PY'
import csv, datetime, os, sys
import numpy as np

out = sys.argv[1]
DIST = "/usr/lib/python3/dist-packages"
MPL = "/usr/share/matplotlib/mpl-data/sample_data"
VEGA = DIST + "/vega_datasets/_data"
SM = DIST + "/statsmodels/datasets"

def write_rate(path, names, columns, rate):
    with open(path, "w", newline="") as f:
        f.write("# sample-rate-hz: %g\n" % rate)
        w = csv.writer(f)
        w.writerow(names)
        for row in zip(*columns):
            w.writerow(["%.6g" % v for v in row])

def write_timed(path, names, times, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["timestamp"] + names)
        for t, row in zip(times, rows):
            w.writerow([t.strftime("%Y-%m-%dT%H:%M:%SZ")] + ["%.6g" % v for v in row])

def read_csv(path, skip_comments=True):
    with open(path, newline="") as f:
        lines = [l for l in f if not (skip_comments and l.startswith("#"))]
    rows = list(csv.reader(lines))
    return rows[0], rows[1:]

# ECG: 108000 samples at 360 Hz; ADC counts to mV as scipy.misc.electrocardiogram does.
with np.load(DIST + "/scipy/misc/ecg.dat") as f:
    ecg = (f["ecg"].astype(np.int64) - 1024) / 200.0
cut = int(0.7 * len(ecg))
write_rate(out + "/train/ecg-train.csv", ["ecg_mv"], [ecg[:cut]], 360)
write_rate(out + "/heldout/ecg-heldout.csv", ["ecg_mv"], [ecg[cut:]], 360)

# EEG: 800 x 4 float64, 10 s (matplotlib's mri_with_eeg example reads it so).
eeg = np.fromfile(MPL + "/eeg.dat", dtype=float).reshape(800, 4)
write_rate(out + "/heldout/eeg.csv", ["eeg%d" % i for i in range(4)], [eeg[:, i] for i in range(4)], 80)

membrane = np.fromfile(MPL + "/membrane.dat", dtype=np.float32)
write_rate(out + "/train/membrane.csv", ["potential"], [membrane], 1000)

# Hourly temperatures: the two files share their hours; split by month.
def hourly(path, fmt):
    h, rows = read_csv(path)
    ti, vi = h.index("date"), h.index("temp")
    return {datetime.datetime.strptime(r[ti], fmt): float(r[vi]) for r in rows}
sf = hourly(VEGA + "/sf-temps.csv", "%Y/%m/%d %H:%M:%S")
se = hourly(VEGA + "/seattle-temps.csv", "%Y/%m/%d %H:%M")
hours = sorted(set(sf) & set(se))
train_h = [t for t in hours if t.month <= 9]
held_h = [t for t in hours if t.month >= 10]
write_timed(out + "/train/temps-train.csv", ["sf_temp_f", "seattle_temp_f"], train_h,
            [(sf[t], se[t]) for t in train_h])
write_timed(out + "/heldout/temps-heldout.csv", ["sf_temp_f", "seattle_temp_f"], held_h,
            [(sf[t], se[t]) for t in held_h])

h, rows = read_csv(VEGA + "/seattle-weather.csv")
names = ["precipitation", "temp_max", "temp_min", "wind"]
write_timed(out + "/heldout/weather.csv", names,
            [datetime.datetime.strptime(r[0], "%Y/%m/%d") for r in rows],
            [[float(r[h.index(n)]) for n in names] for r in rows])

h, rows = read_csv(SM + "/macrodata/macrodata.csv")
h = [c.strip('"') for c in h]
names = h[2:]
write_timed(out + "/train/macro.csv", names,
            [datetime.datetime(int(float(r[0])), 3 * int(float(r[1])) - 2, 1) for r in rows],
            [[float(v) for v in r[2:]] for r in rows])

h, rows = read_csv(VEGA + "/us-employment.csv")
names = [c for c in h[1:] if c != "nonfarm_change"]
write_timed(out + "/train/employment.csv", names,
            [datetime.datetime.strptime(r[0], "%Y-%m-%d") for r in rows],
            [[float(r[h.index(n)]) for n in names] for r in rows])

h, rows = read_csv(MPL + "/msft.csv")
rows = sorted(rows, key=lambda r: datetime.datetime.strptime(r[0], "%d-%b-%y"))
names = ["open", "high", "low", "close", "volume"]
write_timed(out + "/train/msft.csv", names, [datetime.datetime.strptime(r[0], "%d-%b-%y") for r in rows],
            [[float(r[1 + i]) for i in range(5)] for r in rows])

h, rows = read_csv(SM + "/co2/co2.csv")
rows = [r for r in rows if r[1] not in ("", "NA", "nan")]
write_timed(out + "/train/co2.csv", ["co2_ppm"], [datetime.datetime.strptime(r[0], "%Y%m%d") for r in rows],
            [[float(r[1])] for r in rows])

h, rows = read_csv(MPL + "/Stocks.csv")
names = ["IBM", "AAPL", "MSFT", "XRX", "AMZN", "ADBE", "^GSPC", "^IXIC"]
idx = [h.index(n) for n in names]
rows = [r for r in rows if all(r[i] != "" for i in idx)]
write_timed(out + "/heldout/stocks.csv", [n.lstrip("^") for n in names],
            [datetime.datetime.strptime(r[0], "%Y-%m-%d") for r in rows],
            [[float(r[i]) for i in idx] for r in rows])

for part in ("train", "heldout"):
    for name in sorted(os.listdir(out + "/" + part)):
        with open(out + "/" + part + "/" + name) as f:
            lines = [l for l in f if not l.startswith("#")]
        print("%-8s %-20s %3d channels %7d time points" % (part, name, len(lines[0].split(",")) -
              (1 if lines[0].startswith("timestamp") else 0), len(lines) - 1))
PY
