#!/usr/bin/env bash
# make bench: the nightly telemetry hot path against its anchors.
#
# Cases (generated once with the real generator, cached in $BENCH_DIR):
#   night   one night's drop, ≥ 20M rows in ONE zstd CSV (10k assets × 2000 alerts)
#   archive 30 daily drops, 20M rows in all (10k assets × 67 alerts × 30 days)
#   night2m a 2M-row night (same 10k assets) — peak RSS must stay flat from 2M to 20M rows
# For each case, best of $BENCH_REPEAT rounds, each round running once, in turn: `zstd -dc FILES > /dev/null`;
# DuckDB (2 threads) computing
# the same counts per (asset_id, code, local day) with exact duplicates within a file counted once
# (Benchmarks/duckdb_counts.py); `pmbatch ingest` into a fresh SQLite state. Prints rows, MB, wall,
# rows/s, MB/s, peak RSS and the ratios pmbatch/zstd (anchor ≤ 2.5) and pmbatch/DuckDB (anchor ≤ 0.5),
# and checks that pmbatch's stored counts equal DuckDB's (exit 1 when they differ).
#
# Environment: PMBATCH (binary, default .build/release/pmbatch), BENCH_DIR (default
# ~/.cache/pmbatch-bench), BENCH_REPEAT (default 5), BENCH_CASES (default "night archive night2m"; set
# and empty, no ingest case runs), BENCH_REPORT=0 and BENCH_BACKTEST=0 skip those parts.
# BENCH_SEARCH=0 skips the rule search on the Azure PdM year (issue 14; runs when the data is there).
# The rounds interleave the three tools so that a slow spell of a shared machine hits all three alike;
# the spread of the per-round ratio to zstd is printed too.
#
# Scale table (issue 12), opt-in: BENCH_SCALE=1 (or "all") runs it in full, i.e. "10k 100k 1M history";
# or pick: BENCH_SCALE="10k 100k" (sizes as N, Nk or NM; add 30k 300k for the issue's 300k ≤ 13× 30k
# anchor), "history" for the history pair. Each size is a fleet generated once into $BENCH_DIR/scale-<N>
# (--seed 1, 3 nights ending 2026-11-24; 1M takes minutes and a few GB, cached like the others) and timed
# once per step: `ingest` into a fresh state, `analyze` of the 3 nights (live from the first),
# `report` of the last night, then the whole `run` of the 3 nights on another fresh state (its CSV
# outputs must equal the steps'), then one ordinary night: a state live on the night before the last
# (ingest + analyze, untimed), and `run --as-of LAST` timed — the issue's 1M anchor (≤ 300 s, ≤ 2 GB).
# Peak RSS and the state's size for each; ratios of the whole run between sizes.
# BENCH_SCALE_STEPS (default "steps run night") picks among the three groups.
# "history": the 10k fleet with 31, 121 and 241 days of history (scale-10k-31d, -121d, -241d), the state
# of a job that has run every night (untimed: ingest through the night before the last; analyze live for
# the 30 nights before it, the last of which sees all its input and retires finished orders; the reports
# of 30 and 29 nights before the last, which keep the KPI figures the last night's trend shows again),
# then one incremental night (`run --as-of LAST`) from a copy of that state, best of $BENCH_SCALE_REPEAT
# (default 3) rounds interleaving the three, with the fleet's rules less their KPI baseline (the
# generator's moves with the days); anchor 121d ≤ 1.3× 31d in time and RSS; 241d against 121d shows the
# cost of history beyond what the night's own period reaches back (its recurrence window: 60 days).
# Only the scale table: BENCH_CASES= BENCH_REPORT=0 BENCH_BACKTEST=0 BENCH_SCALE=1 make bench
set -euo pipefail

PMBATCH=${PMBATCH:-.build/release/pmbatch}
BENCH_DIR=${BENCH_DIR:-$HOME/.cache/pmbatch-bench}
BENCH_REPEAT=${BENCH_REPEAT:-5}
BENCH_CASES=${BENCH_CASES-"night archive night2m"}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PMBATCH=$(cd "$(dirname "$PMBATCH")" && pwd)/$(basename "$PMBATCH")
TIME=/usr/bin/time

for tool in zstd sqlite3 python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done
[ -x "$TIME" ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
[ -x "$PMBATCH" ] || { echo "bench: $PMBATCH is not built (make build)" >&2; exit 2; }
if [ -n "$BENCH_CASES" ] && ! python3 -c 'import duckdb' 2>/dev/null; then
    echo "bench: installing duckdb (pip)…" >&2
    python3 -m pip install -q duckdb >&2
fi

mkdir -p "$BENCH_DIR"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pmbatch-bench.XXXXXX")
# azure_rules FILE — the Azure example's rules (datasets/azure-pdm/rules.toml, whose [files] table reads the
# export where it lies) plus the README's "more than one error of any code in a day" rule.
azure_rules() {
    cat "$HERE/../datasets/azure-pdm/rules.toml" - >"$1" <<'TOML'
[[alert_rule]]
id = "errors-1d"
codes = ["error1", "error2", "error3", "error4", "error5"]
window = "1d"
more_than = 1
TOML
}
trap 'rm -rf "$WORK"' EXIT

# generate CASE ARGS… — once; a finished case has a .done marker.
generate() {
    local name=$1; shift
    local dir=$BENCH_DIR/$name
    if [ ! -f "$dir/.done" ]; then
        echo "bench: generating $name (once)…" >&2
        rm -rf "$dir"
        local t0=$SECONDS
        "$PMBATCH" generate --out "$dir" "$@" >&2
        touch "$dir/.done"
        echo "bench: generated $name in $((SECONDS - t0)) s" >&2
    fi
}

case_args() {
    case $1 in
        night)   echo "--seed 1 --assets 10000 --days 1 --alerts-per-asset-day 2000" ;;
        archive) echo "--seed 2 --assets 10000 --days 30 --alerts-per-asset-day 67" ;;
        night2m) echo "--seed 1 --assets 10000 --days 1 --alerts-per-asset-day 200" ;;
        *) echo "bench: unknown case $1" >&2; exit 2 ;;
    esac
}

# once CMD… — runs CMD under /usr/bin/time; prints "wall_s peak_kb".
once() {
    "$TIME" -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || {
        echo "bench: failed: $*" >&2; cat "$WORK/stderr" >&2; return 1; }
    tail -n 1 "$WORK/time"
}

# better WALL RSS BEST_WALL BEST_RSS — prints the faster pair.
better() {
    if [ -z "$3" ] || awk -v a="$1" -v b="$3" 'BEGIN { exit !(a < b) }'; then echo "$1 $2"; else echo "$3 $4"; fi
}

run_pmbatch() { # DATA AS_OF
    rm -f "$WORK/state.sqlite" "$WORK/state.sqlite-wal" "$WORK/state.sqlite-shm"
    local rc=0
    "$PMBATCH" ingest --data "$1" --db "$WORK/state.sqlite" --as-of "$2" || rc=$?
    return $rc
}
export -f run_pmbatch
export PMBATCH WORK

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)   repeat: best of $BENCH_REPEAT"
if [ -n "$BENCH_CASES" ]; then
    printf '\n%-8s %-8s %10s %8s %8s %11s %8s %8s  %-22s\n' case tool rows MB wall_s rows/s MB/s RSS_MB "ratio (anchor)"
fi
status=0
for name in $BENCH_CASES; do
    # shellcheck disable=SC2046
    generate "$name" $(case_args "$name")
    data=$BENCH_DIR/$name
    mapfile -t files < <(find "$data/telemetry" -type f -name '*.zst' | LC_ALL=C sort)
    as_of=$(basename "$(dirname "${files[${#files[@]} - 1]}")")
    tz=$(sed -n 's/^timezone *= *"\(.*\)".*/\1/p' "$data/rules.toml" | head -n 1)
    tz=${tz:-UTC}
    # Size and row count of the uncompressed dumps, measured once.
    if [ ! -f "$data/.size" ]; then
        bytes=$(zstd -dc "${files[@]}" | wc -c)
        lines=$(zstd -dc "${files[@]}" | wc -l)
        echo "$bytes $((lines - ${#files[@]}))" >"$data/.size"
    fi
    read -r bytes rows <"$data/.size"
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')

    z_wall="" z_rss="" d_wall="" d_rss="" p_wall="" p_rss="" ratios=()
    for ((round = 0; round < BENCH_REPEAT; round++)); do
        read -r zw zr < <(once sh -c 'zstd -dc "$@" >/dev/null' sh "${files[@]}")
        read -r dw dr < <(once python3 "$HERE/duckdb_counts.py" --tz "$tz" --threads 2 \
            --out "$WORK/duckdb.txt" "${files[@]}")
        read -r pw pr < <(once bash -c 'run_pmbatch "$1" "$2"' sh "$data" "$as_of")
        read -r z_wall z_rss < <(better "$zw" "$zr" "$z_wall" "$z_rss")
        read -r d_wall d_rss < <(better "$dw" "$dr" "$d_wall" "$d_rss")
        read -r p_wall p_rss < <(better "$pw" "$pr" "$p_wall" "$p_rss")
        ratios+=("$(awk -v a="$pw" -v b="$zw" 'BEGIN { printf "%.2f", a / b }')")
    done

    row() { # tool wall rss ratio
        awk -v c="$name" -v t="$1" -v r="$rows" -v mb="$mb" -v w="$2" -v k="$3" -v q="$4" 'BEGIN {
            printf "%-8s %-8s %10d %8d %8.2f %11.0f %8.0f %8.0f  %s\n", c, t, r, mb, w, r / w, mb / w, k / 1024, q }'
    }
    row zstd "$z_wall" "$z_rss" ""
    row duckdb "$d_wall" "$d_rss" ""
    r_z=$(awk -v a="$p_wall" -v b="$z_wall" 'BEGIN { printf "%.2f", a / b }')
    r_d=$(awk -v a="$p_wall" -v b="$d_wall" 'BEGIN { printf "%.2f", a / b }')
    # The issue anchors the one-file 20M-row night to zstd and DuckDB, the archive to DuckDB only; the
    # 2M-row night is there for memory (its fixed costs, the registries, weigh ten times more per row).
    case $name in
        night) row pmbatch "$p_wall" "$p_rss" "/zstd $r_z (≤2.5) /duckdb $r_d (≤0.5)" ;;
        archive) row pmbatch "$p_wall" "$p_rss" "/duckdb $r_d (≤0.5)   (/zstd $r_z)" ;;
        *) row pmbatch "$p_wall" "$p_rss" "(/zstd $r_z /duckdb $r_d)   RSS as the 20M night" ;;
    esac

    echo "         pmbatch/zstd per round: $(printf '%s\n' "${ratios[@]}" | sort -n | tr '\n' ' ')"

    # The counts of the last pmbatch run against DuckDB's.
    sqlite3 -separator '|' "$WORK/state.sqlite" \
        "SELECT asset_id, code, day, SUM(count) FROM telemetry_daily GROUP BY asset_id, code, day" \
        | LC_ALL=C sort >"$WORK/pmbatch.txt"
    LC_ALL=C sort "$WORK/duckdb.txt" >"$WORK/duckdb.sorted"
    p_total=$(awk -F'|' '{ s += $4 } END { print s + 0 }' "$WORK/pmbatch.txt")
    d_total=$(awk -F'|' '{ s += $4 } END { print s + 0 }' "$WORK/duckdb.sorted")
    if cmp -s "$WORK/pmbatch.txt" "$WORK/duckdb.sorted"; then
        echo "         counts: identical ($p_total occurrences in $(wc -l <"$WORK/pmbatch.txt") (asset, code, day) groups, sha256 $(sha256sum <"$WORK/pmbatch.txt" | cut -c1-16))"
    else
        echo "         counts DIFFER: pmbatch $p_total, duckdb $d_total; first differences:" >&2
        diff "$WORK/pmbatch.txt" "$WORK/duckdb.sorted" | head -n 10 >&2 || true
        status=1
    fi
done

# Report (issue 11): assembling and rendering a night with thousands of orders — timed here, not in a unit
# test. `pmbatch run` on the night2m fleet (10k assets, one night) into a fresh state, untimed; then
# `pmbatch report` of that night, best of $BENCH_REPEAT: it reads the state (registries, work-order
# histories, alert totals) and writes report.md, run.json, the CSV exports and the charts.
if [ "${BENCH_REPORT:-1}" != 0 ]; then
    printf '\n%-34s %8s %8s  %s\n' report wall_s RSS_MB result
    # shellcheck disable=SC2046
    generate night2m $(case_args night2m)
    data=$BENCH_DIR/night2m
    as_of=$(find "$data/telemetry" -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort | tail -n 1 | xargs basename)
    rm -f "$WORK/report.sqlite" "$WORK/report.sqlite-wal" "$WORK/report.sqlite-shm"
    if "$PMBATCH" run --data "$data" --as-of "$as_of" --db "$WORK/report.sqlite" --out "$WORK/report-out" \
        --quiet >/dev/null 2>"$WORK/stderr"; then
        r_wall="" r_rss=""
        for ((round = 0; round < BENCH_REPEAT; round++)); do
            read -r rw rr < <(once "$PMBATCH" report --data "$data" --as-of "$as_of" --db "$WORK/report.sqlite" \
                --out "$WORK/report-out" --quiet)
            read -r r_wall r_rss < <(better "$rw" "$rr" "$r_wall" "$r_rss")
        done
        orders=$(($(wc -l <"$WORK/report-out/$as_of/preventive_work_orders.csv") - 1))
        requests=$(($(wc -l <"$WORK/report-out/$as_of/spare_part_requests.csv") - 1))
        awk -v l="report, 10k-asset fleet" -v w="$r_wall" -v k="$r_rss" -v o="$orders" -v q="$requests" \
            'BEGIN { printf "%-34s %8.2f %8.0f  %d orders, %d requests\n", l, w, k / 1024, o, q }'
    else
        echo "bench: pmbatch run on night2m failed:" >&2
        cat "$WORK/stderr" >&2
        status=1
    fi
fi

# Backtest (issue 6): replaying a year of nightly triggers must come from the daily aggregates, not the dumps.
# Times `pmbatch backtest` (its own scratch ingest included) on a year of the sample fleet and on the
# Azure PdM data. BENCH_BACKTEST=0 skips this part.
if [ "${BENCH_BACKTEST:-1}" != 0 ]; then
    printf '\n%-34s %8s %8s  %s\n' backtest wall_s RSS_MB result
    generate sample-year --seed 7 --assets 60 --days 365 --end 2026-11-24
    bt() { # LABEL DATA FROM TO [RULES]
        local out
        "$TIME" -f '%e %M' -o "$WORK/time" "$PMBATCH" backtest --data "$2" ${5:+--rules "$5"} --from "$3" --to "$4" \
            --out "$WORK/backtest" >"$WORK/bt.txt" 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; status=1; return; }
        out=$(tail -n 1 "$WORK/time")
        awk -v l="$1" -v w="${out% *}" -v k="${out#* }" -v r="$(sed -n 2p "$WORK/bt.txt" | sed 's/^ *//')" \
            'BEGIN { printf "%-34s %8.2f %8.0f  %s\n", l, w, k / 1024, r }'
    }
    bt "sample fleet, 60 assets, 1 year" "$BENCH_DIR/sample-year" 2025-11-25 2026-11-24
    azure=$HERE/../../shared/data/azure-pdm
    if [ -d "$azure" ]; then
        # Read where it lies: the rules file's [files] table maps the export's file names.
        azure_rules "$WORK/azure-rules.toml"
        bt "Azure PdM, 100 machines, 2015" "$azure" 2015-02-01 2015-12-31 "$WORK/azure-rules.toml"
    fi
fi
# Rule search (issue 14): `backtest --search` on the Azure PdM year, training February–July, validating
# August–December, horizon 7 days — anchor: well under a minute on 2 cores. BENCH_SEARCH=0 skips it; only
# it: BENCH_CASES= BENCH_REPORT=0 BENCH_BACKTEST=0 make bench.
search_azure=$HERE/../../shared/data/azure-pdm
if [ "${BENCH_SEARCH:-1}" != 0 ] && [ -d "$search_azure" ]; then
    printf '\n%-34s %8s %8s  %s\n' search wall_s RSS_MB "result (anchor)"
    azure_rules "$WORK/search-rules.toml"
    # CPU seconds beside the wall time: on a shared machine the wall time says as much about the neighbours.
    if "$TIME" -f '%e %M %U %S' -o "$WORK/time" "$PMBATCH" backtest --data "$search_azure" \
        --rules "$WORK/search-rules.toml" --from 2015-02-01 --to 2015-12-31 --search --validate-from 2015-08-01 \
        --out "$WORK/search" >"$WORK/search.txt" 2>"$WORK/stderr"; then
        read -r wall kb user sys < <(tail -n 1 "$WORK/time")
        sets=$(sed -n 's/^Search .*: \([0-9]*\) single rules, \([0-9]*\) sets.*/\1 rules, \2 sets/p' "$WORK/search.txt")
        awk -v w="$wall" -v k="$kb" -v c="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" -v r="$sets" \
            -v v="$(grep '^  validation:' "$WORK/search.txt" | sed 's/^ *//')" \
            'BEGIN { printf "%-34s %8.2f %8.0f  %s, %.1f s CPU; %s (anchor: well under a minute)\n", \
                "Azure PdM, Feb-Jul -> Aug-Dec", w, k / 1024, r, c, v }'
    else
        cat "$WORK/stderr" >&2
        status=1
    fi
fi
# Scale (issue 12): what a night costs as the fleet and the history grow. Opt-in (BENCH_SCALE, see the
# header); one round per step for the fleets (1M takes minutes), best of $BENCH_SCALE_REPEAT for the
# one-night history pair.
BENCH_SCALE=${BENCH_SCALE:-}
BENCH_SCALE_REPEAT=${BENCH_SCALE_REPEAT:-3}
BENCH_SCALE_STEPS=${BENCH_SCALE_STEPS:-"steps run night"}
case $BENCH_SCALE in 1 | all | yes) BENCH_SCALE="10k 100k 1M history" ;; 0 | no) BENCH_SCALE="" ;; esac
if [ -n "$BENCH_SCALE" ]; then
    scale_n() { # 10k → 10000, 1M → 1000000
        case $1 in
            *[!0-9kM]* | '' | [kM]*) echo "bench: BENCH_SCALE: bad size $1" >&2; exit 2 ;;
            *k) echo $((${1%k} * 1000)) ;;
            *M) echo $((${1%M} * 1000000)) ;;
            *) echo "$1" ;;
        esac
    }
    scale_label() { # 10000 → 10k, 1000000 → 1M
        if (($1 % 1000000 == 0)); then echo "$(($1 / 1000000))M"
        elif (($1 % 1000 == 0)); then echo "$(($1 / 1000))k"
        else echo "$1"; fi
    }
    scale_step() { case " $BENCH_SCALE_STEPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
    days_of() { find "$1/telemetry" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort; }
    fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1.lock"; }
    state_bytes() { # the SQLite file, and its WAL if one was left behind
        local b=0 f
        for f in "$1" "$1-wal"; do
            if [ -f "$f" ]; then b=$((b + $(stat -c %s "$f"))); fi
        done
        echo "$b"
    }
    # stime CMD… — runs CMD under once; sets W (wall s) and K (peak RSS KB); returns 1 when it fails.
    stime() {
        local t
        t=$(once "$@") || return 1
        read -r W K <<<"$t"
    }
    srow() { # LABEL STEP WALL KB STATE_BYTES NOTE
        awk -v l="$1" -v s="$2" -v w="$3" -v k="$4" -v b="$5" -v n="$6" 'BEGIN {
            printf "%-12s %-8s %8.2f %8.0f %9s  %s\n", l, s, w, k / 1024, b == "" ? "" : sprintf("%.1f", b / 1e6), n }'
    }
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
    check() { # VALUE OP LIMIT — ✓ or ✗
        if awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN { exit !(op == "<=" ? a <= b : a < b) }'; then echo "✓"; else echo "✗"; fi
    }
    # csv_outputs DIR — each night's ERP/CRM files, for comparing the steps with the whole run.
    csv_outputs() { (cd "$1" && find . -name '*.csv' | LC_ALL=C sort | xargs -r sha256sum); }

    sizes=() history=0
    for tok in $BENCH_SCALE; do
        case $tok in
            history) history=1 ;;
            *) sizes+=("$(scale_n "$tok")") ;;
        esac
    done
    if [ ${#sizes[@]} -gt 0 ]; then
        mapfile -t sizes < <(printf '%s\n' "${sizes[@]}" | sort -n -u)
    fi

    printf '\n%-12s %-8s %8s %8s %9s  %s\n' scale step wall_s RSS_MB state_MB "result (anchor)"
    declare -A run_wall=() run_rss=()
    for n in ${sizes[@]+"${sizes[@]}"}; do
        label=$(scale_label "$n")
        generate "scale-$label" --seed 1 --assets "$n" --days 3 --end 2026-11-24
        data=$BENCH_DIR/scale-$label
        mapfile -t days < <(days_of "$data")
        first=${days[0]} last=${days[${#days[@]} - 1]} nights=${#days[@]}
        fleet="$label × ${nights}d"
        st=$WORK/scale.sqlite out=$WORK/scale-steps
        fresh "$st"
        rm -rf "$out" "$WORK/scale-run"
        # The steps, on one state: ingest of the 3 drops, analyze of the 3 nights, report of the last.
        if scale_step steps; then
            stime "$PMBATCH" ingest --data "$data" --db "$st" --as-of "$last" --quiet || { status=1; continue; }
            srow "$fleet" ingest "$W" "$K" "$(state_bytes "$st")" "$nights drops"
            stime "$PMBATCH" analyze --data "$data" --db "$st" --as-of "$last" --first-night "$first" --out "$out" \
                --quiet || { status=1; continue; }
            orders=$(find "$out" -name preventive_work_orders.csv -exec awk 'FNR > 1' {} + | wc -l)
            srow "$fleet" analyze "$W" "$K" "$(state_bytes "$st")" "$nights nights, $orders orders"
            stime "$PMBATCH" report --data "$data" --db "$st" --as-of "$last" --out "$out" --quiet ||
                { status=1; continue; }
            srow "$fleet" report "$W" "$K" "" "night $last"
        fi
        # The whole nightly job of the 3 nights on a fresh state (a first deployment catching up).
        if scale_step run; then
            st=$WORK/scale-run.sqlite
            fresh "$st"
            stime "$PMBATCH" run --data "$data" --db "$st" --as-of "$last" --first-night "$first" \
                --out "$WORK/scale-run" --quiet || { status=1; continue; }
            run_wall[$n]=$W run_rss[$n]=$K
            note="$(find "$WORK/scale-run" -name report.md | wc -l) reports"
            if scale_step steps; then
                if [ "$(csv_outputs "$out")" = "$(csv_outputs "$WORK/scale-run")" ]; then note="$note, outputs = the steps'"
                else note="$note, outputs DIFFER from the steps'"; status=1; fi
            fi
            if ((n == 300000)); then note="$note; ≤ 700 MB $(check "$K" "<=" 716800)"; fi
            srow "$fleet" run "$W" "$K" "$(state_bytes "$st")" "$note"
        fi
        # One ordinary night: the state live on the night before the last (ingest + analyze, untimed), then
        # `run --as-of LAST` — the next drop's ingest, the night's analysis and its report.
        if scale_step night; then
            st=$WORK/scale-night.sqlite
            prev_night=${days[${#days[@]} - 2]}
            fresh "$st"
            if "$PMBATCH" ingest --data "$data" --db "$st" --as-of "$prev_night" --quiet >/dev/null 2>"$WORK/stderr" &&
                "$PMBATCH" analyze --data "$data" --db "$st" --as-of "$prev_night" --first-night "$prev_night" \
                    --out "$WORK/scale-night" --quiet >/dev/null 2>"$WORK/stderr"; then
                stime "$PMBATCH" run --data "$data" --db "$st" --as-of "$last" --out "$WORK/scale-night" --quiet ||
                    { status=1; continue; }
                note="one incremental night"
                if ((n == 1000000)); then
                    note="$note; ≤ 300 s $(check "$W" "<=" 300), ≤ 2048 MB $(check "$K" "<=" 2097152)"
                fi
                srow "$fleet" night "$W" "$K" "$(state_bytes "$st")" "$note"
            else
                echo "bench: preparing the night on scale-$label failed:" >&2
                cat "$WORK/stderr" >&2
                status=1
            fi
        fi
        fresh "$WORK/scale.sqlite"
        fresh "$WORK/scale-run.sqlite"
        fresh "$WORK/scale-night.sqlite"
        rm -rf "$out" "$WORK/scale-run" "$WORK/scale-night"
    done
    # The whole run from one size to the next (linear in the fleet would be the ratio of sizes).
    prev=""
    for n in ${sizes[@]+"${sizes[@]}"}; do
        [ -n "${run_wall[$n]:-}" ] || continue
        if [ -n "$prev" ]; then
            rw=$(ratio "${run_wall[$n]}" "${run_wall[$prev]}")
            rr=$(ratio "${run_rss[$n]}" "${run_rss[$prev]}")
            note="(linear ×$(awk -v a="$n" -v b="$prev" 'BEGIN { printf "%.3g", a / b }'))"
            if ((prev == 30000 && n == 300000)); then note="$note   anchor ≤ ×13 $(check "$rw" "<=" 13)"; fi
            printf '%-12s %-8s wall ×%s, RSS ×%s  %s\n' "$(scale_label "$n")/$(scale_label "$prev")" run \
                "$rw" "$rr" "$note"
        fi
        prev=$n
    done

    # One incremental night on the 10k fleet with 31, 121 and 241 days of history. The issue's anchor is
    # 121d against 31d; 241d against 121d shows what history costs once it is longer than what the report
    # itself reaches back (previous period and recurrence window: 90 days, and the baseline period's window).
    if [ "$history" = 1 ]; then
        hist_ok=1
        hist_days=(31 121 241)
        for d in "${hist_days[@]}"; do
            generate "scale-10k-${d}d" --seed 1 --assets 10000 --days "$d" --end 2026-11-24
            data=$BENCH_DIR/scale-10k-${d}d
            mapfile -t days < <(days_of "$data")
            prev_night=${days[${#days[@]} - 2]}
            live_night=${days[${#days[@]} - 31]}
            st=$WORK/hist-$d.sqlite
            fresh "$st"
            # The generator's KPI baseline is the first third of its days, so it would move and grow with
            # the history; the same rules without it (the previous period is the baseline) keep the report's
            # reach the same at every length.
            sed '/^baseline = /d' "$data/rules.toml" >"$WORK/hist-rules-$d.toml"
            # Live for the 30 nights before the last; every earlier day is history, as data. The reports of
            # the first two live nights keep the figures the last night's trend shows (periods ending 30,
            # 60, … nights before it), as a job that ran every night would have kept them.
            if "$PMBATCH" ingest --data "$data" --db "$st" --as-of "$prev_night" --rules "$WORK/hist-rules-$d.toml" \
                --quiet >/dev/null 2>"$WORK/stderr" &&
                "$PMBATCH" analyze --data "$data" --db "$st" --as-of "$prev_night" --first-night "$live_night" \
                    --rules "$WORK/hist-rules-$d.toml" --out "$WORK/hist-out-$d" --quiet >/dev/null 2>"$WORK/stderr" &&
                "$PMBATCH" report --data "$data" --db "$st" --as-of "$live_night" --rules "$WORK/hist-rules-$d.toml" \
                    --out "$WORK/hist-out-$d" --quiet >/dev/null 2>"$WORK/stderr" &&
                "$PMBATCH" report --data "$data" --db "$st" --as-of "${days[${#days[@]} - 30]}" \
                    --rules "$WORK/hist-rules-$d.toml" --out "$WORK/hist-out-$d" --quiet >/dev/null 2>"$WORK/stderr"; then
                cp "$st" "$WORK/base-$d"
                if [ -f "$st-wal" ]; then cp "$st-wal" "$WORK/base-$d-wal"; fi
            else
                echo "bench: preparing scale-10k-${d}d failed:" >&2
                cat "$WORK/stderr" >&2
                status=1 hist_ok=0
            fi
        done
        if [ "$hist_ok" = 1 ]; then
            declare -A h_wall=() h_rss=() h_state=() last_w=()
            h_ratios=() h_ratios2=()
            for ((round = 0; round < BENCH_SCALE_REPEAT; round++)); do
                for d in "${hist_days[@]}"; do
                    data=$BENCH_DIR/scale-10k-${d}d
                    last=$(days_of "$data" | tail -n 1)
                    st=$WORK/hist-$d.sqlite
                    fresh "$st"
                    cp "$WORK/base-$d" "$st"
                    if [ -f "$WORK/base-$d-wal" ]; then cp "$WORK/base-$d-wal" "$st-wal"; fi
                    rm -rf "$WORK/hist-out-$d/$last"
                    stime "$PMBATCH" run --data "$data" --db "$st" --as-of "$last" --rules "$WORK/hist-rules-$d.toml" \
                        --out "$WORK/hist-out-$d" --quiet ||
                        { status=1; hist_ok=0; break 2; }
                    last_w[$d]=$W
                    read -r h_wall[$d] h_rss[$d] < <(better "$W" "$K" "${h_wall[$d]:-}" "${h_rss[$d]:-}")
                    h_state[$d]=$(state_bytes "$st")
                done
                h_ratios+=("$(ratio "${last_w[121]}" "${last_w[31]}")")
                h_ratios2+=("$(ratio "${last_w[241]}" "${last_w[121]}")")
            done
        fi
        if [ "$hist_ok" = 1 ]; then
            srow "10k × 31d" night "${h_wall[31]}" "${h_rss[31]}" "${h_state[31]}" \
                "one incremental night, best of $BENCH_SCALE_REPEAT"
            rw=$(ratio "${h_wall[121]}" "${h_wall[31]}")
            rr=$(ratio "${h_rss[121]}" "${h_rss[31]}")
            srow "10k × 121d" night "${h_wall[121]}" "${h_rss[121]}" "${h_state[121]}" \
                "/31d: wall ×$rw (≤1.3 $(check "$rw" "<=" 1.3)), RSS ×$rr (≤1.3 $(check "$rr" "<=" 1.3))"
            rw=$(ratio "${h_wall[241]}" "${h_wall[121]}")
            rr=$(ratio "${h_rss[241]}" "${h_rss[121]}")
            srow "10k × 241d" night "${h_wall[241]}" "${h_rss[241]}" "${h_state[241]}" \
                "/121d: wall ×$rw, RSS ×$rr (no anchor; see README)"
            echo "             121d/31d per round: $(printf '%s\n' "${h_ratios[@]}" | sort -n | tr '\n' ' ')"
            echo "             241d/121d per round: $(printf '%s\n' "${h_ratios2[@]}" | sort -n | tr '\n' ' ')"
        fi
    fi
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
