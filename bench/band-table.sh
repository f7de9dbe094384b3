#!/bin/sh
# The banded closing table: for every shipped electrolyte (Models/electrolytes/*.toml) with its study's cathode (the
# model file's [reference_cell] cathode), the first discharge capacity at a C-rate and the retention after N cycles,
# each with its 95 % band (celltwin life --band auto; DOMAIN B 9), at the temperatures given. A temperature outside an
# electrolyte's valid range (valid_min_C … valid_max_C of its [conductivity]) is listed as skipped, not run.
#
#   bench/band-table.sh [celltwin binary] [temperatures °C] [C-rate] [cycles]
#   bench/band-table.sh .build/release/celltwin "0 25 50 80" 0.2 500
#
# Run from the package root. The life runs go on to 1 % retention, so the retention at the last cycle is the
# retention after N cycles (a run that shorts earlier reports the short's cycle instead). Output: one tab-separated
# row per electrolyte and temperature (capacity mAh/g with its band, retention % with its band, band method, where
# the run lies against the twin's calibrated range, CPU s). A band end no run reaches reads "no upper bound".
set -eu
BIN=${1:-.build/release/celltwin}
TEMPS=${2:-"0 25 50 80"}
RATE=${3:-0.2}
CYCLES=${4:-500}
printf 'electrolyte\tcathode\tT_C\tcapacity_mAh_g (95 %% band)\tretention_%%_at_%s (95 %% band)\tend\tband\tcalibrated range\tcpu_s\n' "$CYCLES"
for f in Models/electrolytes/*.toml; do
    id=$(basename "$f" .toml)
    cathode=$(sed -n 's/^cathode = "\([^"]*\)".*/\1/p' "$f" | head -n 1)
    tmin=$(sed -n 's/^valid_min_C = { value = \([-0-9.e]*\).*/\1/p' "$f" | head -n 1)
    tmax=$(sed -n 's/^valid_max_C = { value = \([-0-9.e]*\).*/\1/p' "$f" | head -n 1)
    for t in $TEMPS; do
        if awk -v t="$t" -v a="${tmin:--1000}" -v b="${tmax:-1000}" 'BEGIN { exit !(t < a || t > b) }'; then
            printf '%s\t%s\t%s\tskipped: outside the valid range %s–%s °C\n' "$id" "$cathode" "$t" "$tmin" "$tmax"
            continue
        fi
        out=$(mktemp)
        if /usr/bin/time -f '%U %S' -o "$out.time" "$BIN" life --electrolyte "$id" --cathode "$cathode" --temperature "$t" \
            --c-rate "$RATE" --max-cycles "$CYCLES" --until 1% --band auto --format json > "$out" 2> "$out.err"; then
            cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$out.time")
            python3 - "$out" "$id" "$cathode" "$t" "$cpu" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
def band(v, lo, hi, scale=1, fmt="%.1f"):
    s = lambda x: "–" if x is None else fmt % (x * scale)
    if lo is None and hi is None:
        return "%s (no band)" % s(v)
    if hi is None:
        return "%s (%s, no upper bound)" % (s(v), s(lo))
    if lo is None:
        return "%s (no lower bound, %s)" % (s(v), s(hi))
    return "%s (%s–%s)" % (s(v), s(lo), s(hi))
last = r["cycles"][-1]
cap = band(r["initial_discharge_capacity_mAh_g"], r.get("initial_discharge_capacity_mAh_g_low"), r.get("initial_discharge_capacity_mAh_g_high"))
ret = band(last["retention"], last.get("retention_low"), last.get("retention_high"), 100)
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], cap, ret + " at cycle %d" % last["cycle"], r["end_reason"],
                 r.get("band_method") or "none",
                 "extrapolation: " + r["extrapolation_reason"] if r.get("extrapolation_reason") else (r.get("calibrated_range") or "–"),
                 sys.argv[5]]))
EOF
        else
            printf '%s\t%s\t%s\tfailed: %s\n' "$id" "$cathode" "$t" "$(head -c 300 "$out.err" | tr '\n' ' ')"
        fi
        rm -f "$out" "$out.err" "$out.time"
    done
done
