#!/usr/bin/env bash
# make bench-pg: the ingest of one night of the 10k-asset bench (`night`: 20M rows in one dump) and of the
# 30-drop archive (`archive`: 20M rows in 30 dumps) into a PostgreSQL state on a throwaway local cluster
# (.ci/postgres), with 1, 2 and 4 concurrent `pmbatch ingest` workers, against `pmbatch ingest` into SQLite.
# The fleets are make bench's (generated once into $BENCH_DIR). Per run: wall time, telemetry rows/s in all and
# per worker, the database's write rate (rows inserted and MB written per second: pg_stat_database and the
# growth of pg_database_size), the largest worker's peak RSS; and that the stored aggregates equal SQLite's.
# Environment: PMBATCH (default .build/release/pmbatch), BENCH_DIR (default ~/.cache/pmbatch-bench),
# BENCH_PG_CASES (default "night archive"), BENCH_PG_WORKERS (default "1 2 4").
set -euo pipefail

PMBATCH=${PMBATCH:-.build/release/pmbatch}
BENCH_DIR=${BENCH_DIR:-$HOME/.cache/pmbatch-bench}
CASES=${BENCH_PG_CASES:-"night archive"}
WORKERS=${BENCH_PG_WORKERS:-"1 2 4"}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PMBATCH=$(cd "$(dirname "$PMBATCH")" && pwd)/$(basename "$PMBATCH")
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench-pg: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
[ -x "$PMBATCH" ] || { echo "bench-pg: $PMBATCH is not built (make build)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench-pg: sqlite3 is missing" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pmbatch-bench-pg.XXXXXX")
PGDIR=$(mktemp -d /tmp/pmbatch-bench-pgdata.XXXXXX)
trap '"$HERE/../.ci/postgres" stop "$PGDIR"; rm -rf "$WORK"' EXIT
eval "$("$HERE/../.ci/postgres" start "$PGDIR")"
PORT=$(echo "$PMBATCH_TEST_POSTGRES" | sed 's/.*:\([0-9]*\)\/.*/\1/')
psql_admin() { # SQL… on the postgres database as the superuser (socket, trusted)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PMBATCH_PG_BIN/psql" -h "$PGDIR" -p "$PORT" -U postgres \
        -d "${DBNAME:-postgres}" -qAtX "$@"
    else "$PMBATCH_PG_BIN/psql" -h "$PGDIR" -p "$PORT" -U postgres -d "${DBNAME:-postgres}" -qAtX "$@"; fi
}

for name in $CASES; do
    [ -f "$BENCH_DIR/$name/.done" ] || { echo "bench-pg: $BENCH_DIR/$name is missing: run BENCH_CASES=$name make bench once" >&2; exit 2; }
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)   $("$PMBATCH_PG_BIN/postgres" --version)"
printf '\n%-8s %-10s %3s %10s %8s %10s %12s %10s %9s %8s %7s\n' case state workers rows wall_s rows/s \
    rows/s/worker db_rows/s db_MB/s db_MB RSS_MB
status=0
for name in $CASES; do
    data=$BENCH_DIR/$name
    as_of=$(find "$data/telemetry" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort | tail -1)
    # SQLite, one process.
    rm -f "$WORK/s.sqlite"*
    t0=$(date +%s.%N)
    $TIME -f '%M' -o "$WORK/rss" "$PMBATCH" ingest --data "$data" --db "$WORK/s.sqlite" --as-of "$as_of" --quiet
    wall=$(echo "$(date +%s.%N) - $t0" | bc)
    rows=$(sqlite3 "$WORK/s.sqlite" "SELECT SUM(rows_read) FROM manifest WHERE kind = 'telemetry'")
    sqlite_total=$(sqlite3 "$WORK/s.sqlite" "SELECT SUM(count) FROM alert_day")
    db_rows=$(sqlite3 "$WORK/s.sqlite" "SELECT COUNT(*) FROM alert_day")
    db_mb=$(du -m "$WORK/s.sqlite" | cut -f1)
    printf '%-8s %-10s %3s %10s %8.1f %10.0f %12.0f %10.0f %9.1f %8s %7.0f\n' "$name" sqlite 1 "$rows" "$wall" \
        "$(echo "$rows / $wall" | bc -l)" "$(echo "$rows / $wall" | bc -l)" "$(echo "$db_rows / $wall" | bc -l)" \
        "$(echo "$db_mb / $wall" | bc -l)" "$db_mb" "$(echo "$(cat "$WORK/rss") / 1024" | bc -l)"
    for n in $WORKERS; do
        db="bench_${name}_$n"
        psql_admin -c "CREATE DATABASE $db OWNER pmbatch"
        url="postgresql://pmbatch@127.0.0.1:$PORT/$db"
        # Migrate first, so the timed part is the ingest alone.
        "$PMBATCH" ingest --data "$data" --db "$url" --as-of 1970-01-01 --quiet
        size0=$(DBNAME=$db psql_admin -c "SELECT pg_database_size('$db')")
        ins0=$(psql_admin -c "SELECT tup_inserted FROM pg_stat_database WHERE datname = '$db'")
        t0=$(date +%s.%N)
        pids=()
        for ((w = 0; w < n; w++)); do
            $TIME -f '%M' -o "$WORK/rss.$w" "$PMBATCH" ingest --data "$data" --db "$url" --as-of "$as_of" --quiet &
            pids+=($!)
        done
        for pid in "${pids[@]}"; do wait "$pid" || { echo "bench-pg: a worker failed" >&2; status=1; }; done
        wall=$(echo "$(date +%s.%N) - $t0" | bc)
        sleep 1  # pg_stat_database is updated when the sessions end
        rss=$(cat "$WORK"/rss.* | sort -n | tail -1)
        rm -f "$WORK"/rss.*
        rows=$(DBNAME=$db psql_admin -c "SELECT SUM(rows_read) FROM manifest WHERE kind = 'telemetry'")
        total=$(DBNAME=$db psql_admin -c "SELECT SUM(count) FROM alert_day")
        size1=$(DBNAME=$db psql_admin -c "SELECT pg_database_size('$db')")
        ins1=$(psql_admin -c "SELECT tup_inserted FROM pg_stat_database WHERE datname = '$db'")
        printf '%-8s %-10s %3s %10s %8.1f %10.0f %12.0f %10.0f %9.1f %8.0f %7.0f\n' "$name" postgresql "$n" "$rows" \
            "$wall" "$(echo "$rows / $wall" | bc -l)" "$(echo "$rows / $wall / $n" | bc -l)" \
            "$(echo "($ins1 - $ins0) / $wall" | bc -l)" "$(echo "($size1 - $size0) / 1048576 / $wall" | bc -l)" \
            "$(echo "$size1 / 1048576" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
        if [ "$total" != "$sqlite_total" ]; then
            echo "bench-pg: $name with $n workers stored $total alerts, SQLite $sqlite_total" >&2
            status=1
        fi
        psql_admin -c "DROP DATABASE $db"
    done
done
exit $status
