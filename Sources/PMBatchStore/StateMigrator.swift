import GRDB

/// The state's schema: named, append-only migrations. Never edit a shipped migration; add one.
enum StateMigrator {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ingest") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                -- One row per input file path: what was read from it, or why it was rejected.
                CREATE TABLE manifest (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    path TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    content_hash TEXT NOT NULL,
                    drop_date INTEGER,               -- day number; NULL = outside a dated folder
                    status TEXT NOT NULL CHECK (status IN ('ok', 'rejected')),
                    error TEXT NOT NULL DEFAULT '',
                    rows_read INTEGER NOT NULL DEFAULT 0,
                    rows_quarantined INTEGER NOT NULL DEFAULT 0,
                    duplicates_skipped INTEGER NOT NULL DEFAULT 0,
                    ingest_seq INTEGER NOT NULL
                );
                CREATE TABLE telemetry_daily (
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    asset_id TEXT NOT NULL,
                    code TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    drop_date INTEGER,
                    count INTEGER NOT NULL,
                    value_count INTEGER NOT NULL,
                    value_min REAL NOT NULL,
                    value_max REAL NOT NULL,
                    value_sum REAL NOT NULL,
                    PRIMARY KEY (file_id, asset_id, code, day)
                ) WITHOUT ROWID;
                CREATE INDEX telemetry_daily_by_code_day ON telemetry_daily(code, day);
                CREATE INDEX telemetry_daily_by_asset ON telemetry_daily(asset_id, day);
                CREATE TABLE asset (
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    asset_id TEXT NOT NULL,
                    site_id TEXT NOT NULL, customer_id TEXT NOT NULL, model TEXT NOT NULL,
                    asset_type TEXT NOT NULL, region TEXT NOT NULL, installed_on INTEGER,
                    PRIMARY KEY (file_id, line)
                );
                CREATE TABLE component (
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    asset_id TEXT NOT NULL, slot TEXT NOT NULL, component_type TEXT NOT NULL,
                    installed_on INTEGER NOT NULL, part_number TEXT NOT NULL, batch_code TEXT NOT NULL,
                    serial TEXT NOT NULL,
                    PRIMARY KEY (file_id, line)
                );
                CREATE TABLE engineer (
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    engineer_id TEXT NOT NULL, name TEXT NOT NULL, skills TEXT NOT NULL,
                    region TEXT NOT NULL, daily_capacity INTEGER NOT NULL,
                    PRIMARY KEY (file_id, line)
                );
                CREATE TABLE part (
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    part_number TEXT NOT NULL, description TEXT NOT NULL, stock_on_hand INTEGER NOT NULL,
                    lead_time_days INTEGER NOT NULL, unit_cost REAL,
                    PRIMARY KEY (file_id, line)
                );
                CREATE TABLE failure (
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    asset_id TEXT NOT NULL, ts INTEGER NOT NULL, slot TEXT NOT NULL, fault_code TEXT NOT NULL,
                    PRIMARY KEY (file_id, line)
                );
                -- Headers as dropped; the latest drop wins when read.
                CREATE TABLE work_order (
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    drop_date INTEGER,
                    wo_id TEXT NOT NULL, created_at INTEGER NOT NULL,
                    asset_id TEXT NOT NULL, customer_id TEXT NOT NULL, channel TEXT NOT NULL,
                    fault_code TEXT NOT NULL, kind TEXT NOT NULL, priority TEXT NOT NULL,
                    engineer_id TEXT NOT NULL, description TEXT NOT NULL,
                    PRIMARY KEY (file_id, line)
                );
                CREATE INDEX work_order_by_id ON work_order(wo_id);
                -- Status events with the header columns their rows carried.
                CREATE TABLE event (
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    drop_date INTEGER,
                    wo_id TEXT NOT NULL, ts INTEGER NOT NULL, status TEXT NOT NULL,
                    actor TEXT NOT NULL, evidence TEXT NOT NULL, note TEXT NOT NULL,
                    asset_id TEXT NOT NULL, customer_id TEXT NOT NULL, channel TEXT NOT NULL,
                    fault_code TEXT NOT NULL, kind TEXT NOT NULL, priority TEXT NOT NULL,
                    engineer_id TEXT NOT NULL, description TEXT NOT NULL,
                    PRIMARY KEY (file_id, line)
                );
                CREATE INDEX event_by_wo ON event(wo_id, ts);
                CREATE TABLE quarantine (
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    line INTEGER NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL,
                    detail TEXT NOT NULL, raw TEXT NOT NULL,
                    PRIMARY KEY (file_id, seq)
                );
                -- Counts by reason, including rows past the per-file cap of stored quarantine rows.
                CREATE TABLE quarantine_count (
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    reason TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (file_id, reason)
                );
                """)
        }
        migrator.registerMigration("v2-triggers") { db in
            try db.execute(sql: """
                -- Nights whose triggers were evaluated; each night's results are written in one transaction.
                CREATE TABLE night (
                    as_of INTEGER PRIMARY KEY NOT NULL,
                    rules_digest TEXT NOT NULL
                );
                CREATE TABLE preventive_work_order (
                    id TEXT PRIMARY KEY NOT NULL,
                    night INTEGER NOT NULL REFERENCES night(as_of),
                    rule_id TEXT NOT NULL, rule_kind TEXT NOT NULL,
                    trigger_key TEXT NOT NULL UNIQUE,
                    asset_id TEXT NOT NULL, site_id TEXT NOT NULL, customer_id TEXT NOT NULL,
                    related_assets TEXT NOT NULL, skill TEXT NOT NULL, evidence TEXT NOT NULL,
                    action TEXT NOT NULL, priority TEXT NOT NULL, engineer_id TEXT NOT NULL,
                    due_date INTEGER NOT NULL, alert_codes TEXT NOT NULL,
                    alert_from INTEGER, alert_to INTEGER
                );
                CREATE INDEX preventive_work_order_by_asset ON preventive_work_order(asset_id);
                CREATE TABLE spare_part_request (
                    id TEXT PRIMARY KEY NOT NULL,
                    night INTEGER NOT NULL REFERENCES night(as_of),
                    work_order TEXT NOT NULL REFERENCES preventive_work_order(id),
                    part_number TEXT NOT NULL, batch_code TEXT NOT NULL, quantity INTEGER NOT NULL,
                    stock_on_hand INTEGER NOT NULL, shortfall INTEGER NOT NULL, needed_by INTEGER NOT NULL
                );
                CREATE TABLE suppressed_trigger (
                    night INTEGER NOT NULL REFERENCES night(as_of),
                    trigger_key TEXT NOT NULL,
                    rule_id TEXT NOT NULL, asset_id TEXT NOT NULL, site_id TEXT NOT NULL, skill TEXT NOT NULL,
                    evidence TEXT NOT NULL, blocking_id TEXT NOT NULL,
                    PRIMARY KEY (night, trigger_key)
                );
                """)
        }
        migrator.registerMigration("v3-telemetry-day-index") { db in
            // The report and `show` read days across all codes; the asset index cost inserts and served
            // only `show`, which the day index serves as well.
            try db.execute(sql: """
                DROP INDEX telemetry_daily_by_asset;
                CREATE INDEX telemetry_daily_by_day ON telemetry_daily(day, asset_id);
                """)
        }
        migrator.registerMigration("v4-alert-day-integer-keys") { db in
            // Telemetry aggregates keyed by small integers: the nightly bulk insert (up to millions of rows)
            // spends most of its time maintaining B-trees, and integer keys make them several times smaller.
            // The primary key starts with (code, day), which every window query filters on; the file index
            // serves replacement of a changed file. `telemetry_daily` stays as a view with names.
            try db.execute(sql: """
                CREATE TABLE alert_key (
                    key INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('asset', 'code')),
                    UNIQUE (name, kind)
                );
                CREATE TABLE alert_day (
                    code_key INTEGER NOT NULL,
                    day INTEGER NOT NULL,
                    asset_key INTEGER NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    drop_date INTEGER,
                    count INTEGER NOT NULL,
                    value_count INTEGER NOT NULL,
                    value_min REAL NOT NULL,
                    value_max REAL NOT NULL,
                    value_sum REAL NOT NULL,
                    PRIMARY KEY (code_key, day, asset_key, file_id)
                ) WITHOUT ROWID;
                CREATE INDEX alert_day_by_file ON alert_day(file_id);
                INSERT OR IGNORE INTO alert_key(name, kind) SELECT DISTINCT code, 'code' FROM telemetry_daily;
                INSERT OR IGNORE INTO alert_key(name, kind) SELECT DISTINCT asset_id, 'asset' FROM telemetry_daily;
                INSERT INTO alert_day(code_key, day, asset_key, file_id, drop_date, count, value_count, value_min,
                                      value_max, value_sum)
                    SELECT c.key, t.day, a.key, t.file_id, t.drop_date, t.count, t.value_count, t.value_min,
                           t.value_max, t.value_sum
                    FROM telemetry_daily t
                    JOIN alert_key c ON c.name = t.code AND c.kind = 'code'
                    JOIN alert_key a ON a.name = t.asset_id AND a.kind = 'asset';
                DROP TABLE telemetry_daily;
                CREATE VIEW telemetry_daily AS
                    SELECT d.file_id, a.name AS asset_id, c.name AS code, d.day, d.drop_date, d.count,
                           d.value_count, d.value_min, d.value_max, d.value_sum
                    FROM alert_day d
                    JOIN alert_key c ON c.key = d.code_key
                    JOIN alert_key a ON a.key = d.asset_key;
                """)
        }
        migrator.registerMigration("v5-late-input") { db in
            // How a file's current content arrived: '' in time; 'late' (a new file whose drop date was
            // already evaluated), 'fixed' (it replaced a rejected file) or 'replaced' (it replaced other
            // content) after the night `arrived_after` had been evaluated. Orders note input of that kind.
            try db.execute(sql: """
                ALTER TABLE manifest ADD COLUMN arrival TEXT NOT NULL DEFAULT '';
                ALTER TABLE manifest ADD COLUMN arrived_after INTEGER;
                ALTER TABLE preventive_work_order ADD COLUMN late_input TEXT NOT NULL DEFAULT '';
                """)
        }
        migrator.registerMigration("v6-night-written") { db in
            // Whether a night's outputs (its CSV exports, and with `run` its report) were written. A night
            // evaluated by a run that died before writing them is written by the next run, so every order
            // the state holds was exported. Nights of earlier states count as written.
            try db.execute(sql: "ALTER TABLE night ADD COLUMN written INTEGER NOT NULL DEFAULT 1")
        }
        migrator.registerMigration("v7-incremental-night") { db in
            // Issue 12: a report keeps the KPI figures it computed for each period, and a later report reuses
            // them while no work-order input that could change them has arrived (see `StateStore+KPICache`).
            // `work_order_file.relevance`: the earliest instant a work-order file can change a period's figures
            // at (`StateStore.recordRelevance`). Files stored before this migration count as relevant to every
            // period.
            try db.execute(sql: """
                CREATE TABLE work_order_file (
                    file_id INTEGER PRIMARY KEY NOT NULL REFERENCES manifest(id) ON DELETE CASCADE,
                    relevance INTEGER
                );
                INSERT INTO work_order_file(file_id, relevance)
                    SELECT id, -9223372036854775808 FROM manifest
                    WHERE kind IN ('work_orders', 'work_order_events') AND status = 'ok';
                -- Orders a night's light pass over work-order statuses reads: every order a stored row names,
                -- except those retired (`StateStore+OrderRetirement`): finished, untouched since, summarised.
                CREATE TABLE active_order (wo_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
                INSERT OR IGNORE INTO active_order SELECT wo_id FROM event UNION SELECT wo_id FROM work_order;
                CREATE TABLE retired_order (
                    wo_id TEXT PRIMARY KEY NOT NULL,
                    closed INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    finished_at INTEGER NOT NULL     -- the event after which it never mattered again
                ) WITHOUT ROWID;
                CREATE INDEX retired_order_by_finish ON retired_order(finished_at);
                CREATE TABLE retired_status (
                    wo_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    events INTEGER NOT NULL,
                    PRIMARY KEY (wo_id, status)
                ) WITHOUT ROWID;
                -- Their events per raw status, summed (kept with `retired_status`).
                CREATE TABLE retired_total (status TEXT PRIMARY KEY NOT NULL, events INTEGER NOT NULL) WITHOUT ROWID;
                CREATE INDEX event_by_ts ON event(ts);
                CREATE INDEX work_order_by_created ON work_order(created_at);
                CREATE TABLE kpi_cache (
                    key TEXT PRIMARY KEY NOT NULL,
                    period_end INTEGER NOT NULL,
                    context TEXT NOT NULL,
                    as_of INTEGER NOT NULL,
                    max_file_id INTEGER NOT NULL,
                    files INTEGER NOT NULL,
                    figures BLOB NOT NULL
                );
                """)
        }
        migrator.registerMigration("v8-retired-by-creation") { db in
            // Reports find the retired orders created in a period, or in the recurrence window before it, by
            // the creation their retiring pass saw (`StateStore.retiredOrders(createdIn:)`: the header's, else
            // the first event's), no longer by the header rows' own.
            try db.execute(sql: """
                CREATE INDEX retired_order_by_created ON retired_order(created_at);
                DROP INDEX work_order_by_created;
                """)
        }
        return migrator
    }
}
