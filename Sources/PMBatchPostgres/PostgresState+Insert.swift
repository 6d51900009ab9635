import NIOCore
import PMBatchCore
import PMBatchStore

extension PostgresState {
    func insertRecords(_ c: FileContribution, fileID: Int) throws {
        let drop = PostgresValue.date(c.entry.dropDate?.dayNumber)
        let file = PostgresValue.int(fileID)
        let path = c.entry.path
        for (line, record) in c.records {
            switch record {
            case .asset(let a):
                try link.query("storing \(path)", """
                    INSERT INTO asset(file_id, line, asset_id, site_id, customer_id, model, asset_type, region,
                        installed_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """, [file, .int(line), .text(a.assetID), .text(a.siteID), .text(a.customerID), .text(a.model),
                          .text(a.assetType), .text(a.region), .date(a.installedOn?.dayNumber)])
            case .component(let k):
                try link.query("storing \(path)", """
                    INSERT INTO component(file_id, line, asset_id, slot, component_type, installed_on, part_number,
                        batch_code, serial) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """, [file, .int(line), .text(k.assetID), .text(k.slot), .text(k.componentType),
                          .date(k.installedOn.dayNumber), .text(k.partNumber), .text(k.batchCode), .text(k.serial)])
            case .engineer(let e):
                try link.query("storing \(path)", """
                    INSERT INTO engineer(file_id, line, engineer_id, name, skills, region, daily_capacity)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """, [file, .int(line), .text(e.engineerID), .text(e.name),
                          .text(e.skills.joined(separator: ";")), .text(e.region), .int(e.dailyCapacity)])
            case .part(let p):
                try link.query("storing \(path)", """
                    INSERT INTO part(file_id, line, part_number, description, stock_on_hand, lead_time_days,
                        unit_cost) VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """, [file, .int(line), .text(p.partNumber), .text(p.description), .int(p.stockOnHand),
                          .int(p.leadTimeDays), .optional(p.unitCost)])
            case .failure(let f):
                try link.query("storing \(path)", """
                    INSERT INTO failure(file_id, line, asset_id, ts, slot, fault_code) VALUES ($1, $2, $3, $4, $5, $6)
                    """, [file, .int(line), .text(f.assetID), .int(Int(f.ts.milliseconds)), .text(f.slot),
                          .text(f.faultCode)])
            case .workOrder(let w):
                try link.query("storing \(path)", """
                    INSERT INTO work_order(file_id, line, drop_date, wo_id, created_at, asset_id, customer_id,
                        channel, fault_code, kind, priority, engineer_id, description)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                    """, [file, .int(line), drop, .text(w.woID), .int(Int(w.createdAt.milliseconds)),
                          .text(w.assetID), .text(w.customerID), .text(w.channel), .text(w.faultCode), .text(w.kind),
                          .text(w.priority), .text(w.engineerID), .text(w.description)])
            case .event(let e, let h):
                try link.query("storing \(path)", """
                    INSERT INTO event(file_id, line, drop_date, wo_id, ts, status, actor, evidence, note,
                        asset_id, customer_id, channel, fault_code, kind, priority, engineer_id, description)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
                    """, [file, .int(line), drop, .text(e.woID), .int(Int(e.ts.milliseconds)), .text(e.rawStatus),
                          .text(e.actor), .text(e.evidence), .text(e.note), .text(h.assetID), .text(h.customerID),
                          .text(h.channel), .text(h.faultCode), .text(h.kind), .text(h.priority),
                          .text(h.engineerID), .text(h.description)])
            }
        }
        for (seq, q) in c.quarantined.enumerated() {
            try link.query("storing \(path)", """
                INSERT INTO quarantine(file_id, seq, line, field, reason, detail, raw)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, [file, .int(seq), .int(q.line), .text(q.field), .text(q.reason.rawValue), .text(q.detail),
                      .text(q.raw)])
        }
        for (reason, count) in c.quarantineCounts.sorted(by: { $0.key < $1.key }) where count > 0 {
            try link.query("storing \(path)",
                           "INSERT INTO quarantine_count(file_id, reason, count) VALUES ($1, $2, $3)",
                           [file, .text(reason.rawValue), .int(count)])
        }
    }

    /// A dump's aggregates through `COPY alert_day FROM STDIN` (text format, in primary-key order), streamed in
    /// chunks of about a megabyte.
    func insertTelemetry(_ rows: [TelemetryDayCount], fileID: Int, dropDate: LocalDate?,
                         codeKeys: [String: Int], assetKeys: [String: Int]) throws {
        var keyed: [(code: Int, day: Int32, asset: Int, row: Int)] = []
        keyed.reserveCapacity(rows.count)
        for (index, t) in rows.enumerated() { keyed.append((codeKeys[t.code]!, t.day.dayNumber, assetKeys[t.assetID]!, index)) }
        keyed.sort { ($0.code, $0.day, $0.asset) < ($1.code, $1.day, $1.asset) }
        let fileAndDrop = "\t\(fileID)\t" + (dropDate.map { "\($0.dayNumber)" } ?? "\\N") + "\t"
        var chunks: [ByteBuffer] = []
        var buffer = ByteBuffer()
        buffer.reserveCapacity(1 << 20)
        for k in keyed {
            let t = rows[k.row]
            // Swift prints the shortest text that reads back as the same double; PostgreSQL reads it exactly.
            buffer.writeString("\(k.code)\t\(k.day)\t\(k.asset)\(fileAndDrop)\(t.count)\t\(t.valueCount)\t"
                               + "\(t.valueMin)\t\(t.valueMax)\t\(t.valueSum)\n")
            if buffer.readableBytes >= 1 << 20 {
                chunks.append(buffer)
                buffer = ByteBuffer()
                buffer.reserveCapacity(1 << 20)
            }
        }
        if buffer.readableBytes > 0 { chunks.append(buffer) }
        try link.copy("storing aggregates", table: "alert_day",
                      columns: ["code_key", "day", "asset_key", "file_id", "drop_date", "count", "value_count",
                                "value_min", "value_max", "value_sum"],
                      chunks: chunks)
    }

    /// The integer keys of `names` of one kind, adding the missing ones (committed at once: a key is only a
    /// name, and other workers need it too).
    func keys(kind: String, names: Set<String>) throws -> [String: Int] {
        guard !names.isEmpty else { return [:] }
        let sorted = names.sorted()
        try link.query("adding \(kind) keys", """
            INSERT INTO alert_key(name, kind) SELECT n, $2 FROM unnest($1::text[]) AS n
            ON CONFLICT (name, kind) DO NOTHING
            """, [.texts(sorted), .text(kind)])
        var keys: [String: Int] = [:]
        for row in try link.query("reading \(kind) keys", """
            SELECT k.name, k.key FROM alert_key k JOIN unnest($1::text[]) AS n ON k.name = n WHERE k.kind = $2
            """, [.texts(sorted), .text(kind)]) {
            keys[try row.get(0)] = try row.get(1)
        }
        return keys
    }

    /// Creates the monthly partitions of `alert_day` that hold `days` and do not exist yet (one process at a
    /// time, committed before the file's transaction: DDL must not wait on it).
    func ensurePartitions(days: Set<LocalDate>) throws {
        var months: [String: (from: Int32, to: Int32)] = [:]
        for day in days {
            let (year, month, _) = day.components
            let name = "alert_day_" + (year < 0 ? "m\(-year)" : "\(year)") + pad(month, 2)
            if months[name] == nil && !partitions.contains(name) {
                let first = LocalDate(year: year, month: month, day: 1)!
                let next = month == 12 ? LocalDate(year: year + 1, month: 1, day: 1)!
                    : LocalDate(year: year, month: month + 1, day: 1)!
                months[name] = (first.dayNumber, next.dayNumber)
            }
        }
        guard !months.isEmpty else { return }
        let existing = Set(try link.query("reading partitions", """
            SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'alert_day'::regclass
            """).map { try $0.get(0, as: String.self) })
        partitions.formUnion(existing)
        let missing = months.filter { !partitions.contains($0.key) }.sorted { $0.key < $1.key }
        guard !missing.isEmpty else { return }
        try link.transaction("creating partitions") {
            try link.query("waiting to create partitions", "SELECT pg_advisory_xact_lock($1)",
                           [.int(PostgresMigrator.lockKey)])
            for (name, range) in missing {
                try link.script("creating partition \(name)", """
                    CREATE TABLE IF NOT EXISTS \(name) PARTITION OF alert_day
                    FOR VALUES FROM (\(range.from)) TO (\(range.to))
                    """)
            }
        }
        partitions.formUnion(missing.map(\.key))
    }
}
