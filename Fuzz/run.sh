#!/usr/bin/env bash
# Builds the libFuzzer targets against the PMBatchSystem, PMBatchCore and PMBatchIngest sources and runs
# each one for a bounded time, seeded from the bad-input corpus (Tests/Fixtures/BadInput).
#
#   Fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]      (default 60 s; targets: csv telemetry jsonl zstd timestamp)
#
# Needs swiftc with -sanitize=fuzzer (the Linux toolchain has it), libzstd and the zstd CLI.
# Work files go to .build-fuzz/ (corpora grow there between runs); a crash or oracle failure leaves
# its input in .build-fuzz/artifacts/<target>/ and makes the script exit non-zero.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_PER_TARGET=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(csv telemetry jsonl zstd timestamp)
OUT=${FUZZ_OUT:-$ROOT/.build-fuzz}
SWIFTC=${SWIFTC:-swiftc}
# One package name for every module, as SwiftPM gives them, so `package` declarations are visible across them.
FLAGS=(-O -g -wmo -parse-as-library -enable-testing -sanitize=fuzzer,address -swift-version 6 -package-name pmbatch)
mkdir -p "$OUT"/{obj,bin,corpus,artifacts,seeds}
cd "$ROOT"

MODULE_MAPS=(-Xcc -fmodule-map-file="$ROOT/Sources/CZstd/module.modulemap"
             -Xcc -fmodule-map-file="$ROOT/Sources/CPrefetch/module.modulemap")

quiet() { grep -v -e "ld.gold: warning: Cannot export local symbol" -e "^$" || true; }

# 1. The three modules as instrumented objects (rebuilt when a source is newer than the object).
build_module() {
    local name=$1; shift
    local obj="$OUT/obj/$name.o"
    if [ ! -f "$obj" ] || [ -n "$(find "$@" -name '*.swift' -newer "$obj" | head -1)" ]; then
        echo "fuzz: compiling $name"
        "$SWIFTC" "${FLAGS[@]}" -module-name "$name" -emit-module -emit-module-path "$OUT/obj/$name.swiftmodule" \
            -I "$OUT/obj" "${MODULE_MAPS[@]}" \
            -c $(find "$@" -name '*.swift' | sort) -o "$obj" 2>&1 | quiet
    fi
}
build_module PMBatchSystem Sources/PMBatchSystem
build_module PMBatchCore Sources/PMBatchCore
build_module PMBatchIngest Sources/PMBatchIngest

source_of() {
    case $1 in
        csv) echo Fuzz/CSVFuzz.swift ;;
        telemetry) echo Fuzz/TelemetryCSVFuzz.swift ;;
        jsonl) echo Fuzz/JSONLFuzz.swift ;;
        zstd) echo Fuzz/ZstdFuzz.swift ;;
        timestamp) echo Fuzz/TimestampFuzz.swift ;;
        *) echo "unknown target $1" >&2; exit 2 ;;
    esac
}

# 2. Seeds from the bad-input corpus.
seed() {
    local target=$1 dir="$OUT/seeds/$1"
    rm -rf "$dir"; mkdir -p "$dir"
    local fixtures="$ROOT/Tests/Fixtures/BadInput"
    case $target in
        csv) find "$fixtures" -name '*.csv' -size -64k -exec cp --backup=numbered -t "$dir" {} + ;;
        telemetry)
            find "$fixtures" -name '*.csv' -size -64k -exec cp --backup=numbered -t "$dir" {} +
            printf 'ts,asset_id,code,value\n2026-11-24T01:00:00Z,EL-1,c,1.5\n2026-11-24T01:00:00Z,EL-1,c,1.5\n2026-11-24 09:00:00,EL-2,d,\n2026-11-24T01:00:01Z,EL-9,c,x\n' > "$dir/plain.csv"
            ;;
        jsonl) find "$fixtures" -name '*.jsonl' -size -64k -exec cp --backup=numbered -t "$dir" {} + ;;
        zstd)
            local i=0
            for f in $(find "$fixtures" \( -name '*.csv' -o -name '*.jsonl' \) -size -16k | sort | head -40); do
                i=$((i + 1))
                zstd -q -c "$f" > "$dir/frame-$i.zst"
                cat "$dir/frame-$i.zst" "$dir/frame-$i.zst" > "$dir/two-frames-$i.zst"
                head -c -5 "$dir/frame-$i.zst" > "$dir/truncated-$i.zst" || true
            done
            printf '\x50\x2a\x4d\x18\x04\x00\x00\x00abcd' > "$dir/skippable.zst"
            cp "$(find "$fixtures" -name '*.csv' | sort | head -1)" "$dir/plain.csv"
            ;;
        timestamp)
            local i=0
            while IFS= read -r t; do
                i=$((i + 1))
                printf '%s' "$t" > "$dir/ts-$i"
                printf '\x01%s' "$t" > "$dir/ts-$i-sh"
            done <<'TS'
02026-11-24T03:15:22Z
02026-11-24T03:15:22.123+08:00
02026-11-24 03:15:22
02026-11-24T03:15:22-0530
02026-03-08T02:30:00
02026-11-01T01:30:00.5
02026-13-01T00:00:00Z
02026-02-30T00:00:00Z
02026-11-24T24:00:00Z
02026-11-24T03:15:22+25:00
02026-11-24T03:15:22Zjunk
02026-11-24
0
TS
            ;;
    esac
}

status=0
for target in "${TARGETS[@]}"; do
    src=$(source_of "$target")
    bin="$OUT/bin/$target-fuzz"
    echo "fuzz: linking $target"
    "$SWIFTC" "${FLAGS[@]}" -module-name "${target^}Fuzz" -I "$OUT/obj" \
        "${MODULE_MAPS[@]}" \
        Fuzz/FuzzSupport.swift "$src" "$OUT/obj/PMBatchSystem.o" "$OUT/obj/PMBatchCore.o" "$OUT/obj/PMBatchIngest.o" -lzstd \
        -o "$bin" 2>&1 | quiet
    seed "$target"
    mkdir -p "$OUT/corpus/$target" "$OUT/artifacts/$target"
    echo "fuzz: running $target for ${SECONDS_PER_TARGET}s"
    log="$OUT/$target.log"
    if ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$bin" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
        -max_len=4096 -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$target/" \
        "$OUT/corpus/$target" "$OUT/seeds/$target" > "$log" 2>&1; then
        echo "fuzz: $target OK: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') execs," \
             "$(grep -oE 'cov: [0-9]+' "$log" | tail -1), corpus $(ls "$OUT/corpus/$target" | wc -l) inputs"
    else
        status=1
        echo "fuzz: $target FAILED — see $log and $OUT/artifacts/$target/"
        grep -E "fuzz oracle|ERROR: AddressSanitizer|Fatal error|deadly signal|timeout" "$log" | head -5 || true
    fi
done
exit $status
