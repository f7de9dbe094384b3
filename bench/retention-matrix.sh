#!/bin/sh
# The rate matrix of the closing table: for every shipped electrolyte (Models/electrolytes/*.toml) with LFP, at its
# aging reference temperature ([aging] reference_temperature_C of the model file; 60 °C when the file states none),
# the retention after N cycles at each C-rate with the mechanism that dominates its loss (the largest share of
# `celltwin life`'s attribution, the path integral of each mechanism's own rate of capacity loss), and the critical
# current of `celltwin ccd` at the same temperature with the criterion of the damage law that set it (transport,
# interface or mechanics) and the step test's failure reason. The step test is the README's: from 0.05 mA/cm² in
# steps of 0.05 mA/cm², 0.25 mAh/cm² per half-cycle (li2022's CCD protocol).
#
#   bench/retention-matrix.sh [celltwin binary] [C-rates] [cycles]
#   bench/retention-matrix.sh .build/release/celltwin "0.2 0.5 1 2" 500
#
# Run from the package root. The life runs go on to 1 % retention, so the retention at the last cycle is the
# retention after N cycles (a run that shorts earlier reports the short's cycle instead). A temperature outside the
# electrolyte's valid range (valid_min_C … valid_max_C of its [conductivity]) is listed as skipped. Output: one
# tab-separated row per electrolyte and C-rate (retention reference mAh/g, retention %, the cycle it refers to, end
# of the run, dominant mechanism with its share of the loss, the interaction's share, CPU s), then one row per
# electrolyte with its critical current. A rate at which the cell delivers nothing has a reference of 0 and no loss.
set -eu
BIN=${1:-.build/release/celltwin}
RATES=${2:-"0.2 0.5 1 2"}
CYCLES=${3:-500}
CATHODE=LFP

# The [aging] table's reference temperature of a model file, °C (empty when not stated).
aging_reference_C() {
    awk '/^\[aging\]/ { a = 1; next } /^\[/ { a = 0 }
         a && /^reference_temperature_C/ { sub(/.*value = /, ""); sub(/[ ,}].*/, ""); print; exit }' "$1"
}

printf 'electrolyte\tcathode\tT_C\tC_rate\treference_mAh_g\tretention_%%_at_%s\tcycle\tend\tdominant_mechanism (share of loss)\tinteraction\tcpu_s\n' "$CYCLES"
for f in Models/electrolytes/*.toml; do
    id=$(basename "$f" .toml)
    t=$(aging_reference_C "$f")
    t=${t:-60}
    tmin=$(sed -n 's/^valid_min_C = { value = \([-0-9.e]*\).*/\1/p' "$f" | head -n 1)
    tmax=$(sed -n 's/^valid_max_C = { value = \([-0-9.e]*\).*/\1/p' "$f" | head -n 1)
    if awk -v t="$t" -v a="${tmin:--1000}" -v b="${tmax:-1000}" 'BEGIN { exit !(t < a || t > b) }'; then
        printf '%s\t%s\t%s\t-\tskipped: outside the valid range %s–%s °C\n' "$id" "$CATHODE" "$t" "$tmin" "$tmax"
        continue
    fi
    for rate in $RATES; do
        out=$(mktemp)
        if /usr/bin/time -f '%U %S' -o "$out.time" "$BIN" life --electrolyte "$id" --cathode "$CATHODE" --temperature "$t" \
            --c-rate "$rate" --max-cycles "$CYCLES" --until 1% --format json > "$out" 2> "$out.err"; then
            cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$out.time")
            python3 - "$out" "$id" "$CATHODE" "$t" "$rate" "$cpu" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
last = r["cycles"][-1]
a = r.get("attribution")
if a:
    shares = {k: a[k] for k in ("resistance", "lithium_inventory", "active_material", "short")}
    name = max(shares, key=lambda k: shares[k])
    dominant, interaction = "%s (%.0f %%)" % (name, 100 * shares[name]), "%.1f %%" % (100 * a["interaction"])
else:
    dominant, interaction = "none (no loss attributed)", "-"
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], "%.2f" % r["retention_reference_mAh_g"],
                 "%.1f" % (100 * last["retention"]), str(last["cycle"]), r["end_reason"], dominant, interaction, sys.argv[6]]))
EOF
        else
            printf '%s\t%s\t%s\t%s\tfailed: %s\n' "$id" "$CATHODE" "$t" "$rate" "$(head -c 300 "$out.err" | tr '\n' ' ')"
        fi
        rm -f "$out" "$out.err" "$out.time"
    done
    out=$(mktemp)
    if "$BIN" ccd --electrolyte "$id" --temperature "$t" --start 0.05 --step 0.05 --capacity 0.25 --format json \
        > "$out" 2> "$out.err"; then
        python3 - "$out" "$id" "$t" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
ccd = r.get("critical_current_density_mA_cm2")
step = "not reached up to the largest step" if ccd is None else "%.3g mA/cm² (%s)" % (ccd, r.get("failure_reason") or "no reason given")
print("\t".join([sys.argv[2], "Li|Li", sys.argv[3], "ccd", "-", "step test: " + step,
                 "law: %.3g mA/cm² set by %s" % (r["law_critical_current_mA_cm2"], r["law_criterion"]),
                 "transport %s, interface %s mA/cm²" % tuple("–" if r.get(k) is None else "%.3g" % r[k]
                                                            for k in ("transport_limit_mA_cm2", "interface_limit_mA_cm2"))]))
EOF
    else
        printf '%s\tLi|Li\t%s\tccd\t-\tfailed: %s\n' "$id" "$t" "$(head -c 300 "$out.err" | tr '\n' ' ')"
    fi
    rm -f "$out" "$out.err"
done
