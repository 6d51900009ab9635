import NIOCore
import PMBatchCore
import PMBatchStore

extension PostgresState {
    /// A small file's rows, one `COPY` per table (a registry or a day's work orders and events: thousands of
    /// rows, where one statement per row would cost a round trip each).
    func insertRecords(_ c: FileContribution, fileID: Int) throws {
        let drop = c.entry.dropDate.map { "\($0.dayNumber)" }
        let file = "\(fileID)"
        var tables: [String: CopyRows] = [:]
        func add(_ table: String, _ columns: [String], _ fields: [String?]) {
            tables[table, default: CopyRows(columns: columns)].append(fields)
        }
        for (line, record) in c.records {
            let line = "\(line)"
            switch record {
            case .asset(let a):
                add("asset", ["file_id", "line", "asset_id", "site_id", "customer_id", "model", "asset_type", "region",
                              "installed_on"],
                    [file, line, a.assetID, a.siteID, a.customerID, a.model, a.assetType, a.region,
                     a.installedOn.map { "\($0.dayNumber)" }])
            case .component(let k):
                add("component", ["file_id", "line", "asset_id", "slot", "component_type", "installed_on",
                                  "part_number", "batch_code", "serial"],
                    [file, line, k.assetID, k.slot, k.componentType, "\(k.installedOn.dayNumber)", k.partNumber,
                     k.batchCode, k.serial])
            case .engineer(let e):
                add("engineer", ["file_id", "line", "engineer_id", "name", "skills", "region", "daily_capacity"],
                    [file, line, e.engineerID, e.name, e.skills.joined(separator: ";"), e.region,
                     "\(e.dailyCapacity)"])
            case .part(let p):
                add("part", ["file_id", "line", "part_number", "description", "stock_on_hand", "lead_time_days",
                             "unit_cost"],
                    [file, line, p.partNumber, p.description, "\(p.stockOnHand)", "\(p.leadTimeDays)",
                     p.unitCost.map { "\($0)" }])
            case .failure(let f):
                add("failure", ["file_id", "line", "asset_id", "ts", "slot", "fault_code"],
                    [file, line, f.assetID, "\(f.ts.milliseconds)", f.slot, f.faultCode])
            case .workOrder(let w):
                add("work_order", ["file_id", "line", "drop_date", "wo_id", "created_at", "asset_id", "customer_id",
                                   "channel", "fault_code", "kind", "priority", "engineer_id", "description"],
                    [file, line, drop, w.woID, "\(w.createdAt.milliseconds)", w.assetID, w.customerID, w.channel,
                     w.faultCode, w.kind, w.priority, w.engineerID, w.description])
            case .event(let e, let h):
                add("event", ["file_id", "line", "drop_date", "wo_id", "ts", "status", "actor", "evidence", "note",
                              "asset_id", "customer_id", "channel", "fault_code", "kind", "priority", "engineer_id",
                              "description"],
                    [file, line, drop, e.woID, "\(e.ts.milliseconds)", e.rawStatus, e.actor, e.evidence, e.note,
                     h.assetID, h.customerID, h.channel, h.faultCode, h.kind, h.priority, h.engineerID,
                     h.description])
            }
        }
        for (seq, q) in c.quarantined.enumerated() {
            add("quarantine", ["file_id", "seq", "line", "field", "reason", "detail", "raw"],
                [file, "\(seq)", "\(q.line)", q.field, q.reason.rawValue, NulEscape.encode(q.detail),
                 NulEscape.encode(q.raw)])
        }
        for (reason, count) in c.quarantineCounts.sorted(by: { $0.key < $1.key }) where count > 0 {
            add("quarantine_count", ["file_id", "reason", "count"], [file, reason.rawValue, "\(count)"])
        }
        for (table, rows) in tables.sorted(by: { $0.key < $1.key }) {
            try link.copy("storing \(c.entry.path)", table: table, columns: rows.columns, chunks: rows.chunks())
        }
    }

    /// A dump's aggregates through `COPY alert_day FROM STDIN` (text format, in primary-key order), streamed in
    /// chunks of about a megabyte.
    func insertTelemetry(_ rows: [TelemetryDayCount], fileID: Int, dropDate: LocalDate?,
                         codeKeys: [String: Int], assetKeys: [String: Int]) throws {
        var keyed: [(code: Int, day: Int32, asset: Int, row: Int)] = []
        keyed.reserveCapacity(rows.count)
        for (index, t) in rows.enumerated() {
            keyed.append((codeKeys[t.code]!, t.day.dayNumber, assetKeys[t.assetID]!, index))
        }
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

/// Rows in `COPY … FROM STDIN`'s text format: tab-separated fields, `\N` for NULL, and backslash, tab, newline
/// and carriage return escaped — the one escaper of that format.
struct CopyRows {
    let columns: [String]
    private var buffers: [ByteBuffer] = []
    private var buffer = ByteBuffer()

    init(columns: [String]) { self.columns = columns }

    mutating func append(_ fields: [String?]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            guard let field else {
                buffer.writeStaticString("\\N")
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
        if buffer.readableBytes >= 1 << 20 {
            buffers.append(buffer)
            buffer = ByteBuffer()
        }
    }

    /// The rows, in chunks of about a megabyte.
    func chunks() -> [ByteBuffer] { buffer.readableBytes > 0 ? buffers + [buffer] : buffers }
}

/// A quarantined row's raw text may hold NUL bytes, which a PostgreSQL text value cannot: they are stored as
/// U+FFFF "0" (and U+FFFF, a noncharacter, as U+FFFF U+FFFF), and read back exactly, so reports quoting the row
/// are the SQLite state's bytes.
enum NulEscape {
    static let mark: Unicode.Scalar = "\u{FFFF}"

    static func encode(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\u{0}" || $0 == mark }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{0}": result.append(contentsOf: [mark, "0"])
            case mark: result.append(contentsOf: [mark, mark])
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    static func decode(_ text: String) -> String {
        guard text.unicodeScalars.contains(mark) else { return text }
        var result = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                result.append(scalar == "0" ? "\u{0}" : scalar)
                escaped = false
            } else if scalar == mark {
                escaped = true
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
