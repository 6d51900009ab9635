#!/usr/bin/env python3
"""Reference counts for `make bench`: DuckDB computes, from the same zstd CSV telemetry dumps, the
occurrences per (asset_id, code, local day in the rules' time zone) with exact duplicate rows (same ts,
asset_id, code, value) within one file counted once (SPEC section 1), and writes them as
`asset_id|code|day|count` lines (day = days since 1970-01-01), sorted, to --out.

Usage: duckdb_counts.py --tz Asia/Shanghai --threads 2 --out counts.txt FILE.csv.zst...
"""
import argparse
import sys

import duckdb


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tz", default="UTC")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    con.execute("SET preserve_insertion_order = false")
    files = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in args.files) + "]"
    tz = args.tz.replace("'", "''")
    query = f"""
        WITH rows AS (
            SELECT DISTINCT filename, ts, asset_id, code, value
            FROM read_csv({files}, header = true, compression = 'zstd', filename = true,
                          columns = {{'ts': 'VARCHAR', 'asset_id': 'VARCHAR', 'code': 'VARCHAR',
                                     'value': 'DOUBLE'}})
        )
        SELECT asset_id, code,
               date_diff('day', DATE '1970-01-01', timezone('{tz}', ts::TIMESTAMPTZ)::DATE) AS day,
               count(*) AS n
        FROM rows
        GROUP BY ALL
    """
    result = con.execute(query).fetchall()
    result.sort()
    with open(args.out, "w") as out:
        for asset, code, day, n in result:
            out.write(f"{asset}|{code}|{day}|{n}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
