import GRDB
import GRDBSQLite
import PMBatchCore

extension StateStore {
    static func insertRecords(_ c: FileContribution, fileID: Int64, _ db: Database) throws {
        let drop = c.entry.dropDate?.dayNumber
        if !c.telemetry.isEmpty {
            try insertTelemetry(c.telemetry, fileID: fileID, dropDate: drop, db)
        }
        for (line, record) in c.records {
            switch record {
            case .asset(let a):
                try db.cachedStatement(sql: """
                    INSERT INTO asset(file_id, line, asset_id, site_id, customer_id, model, asset_type, region,
                        installed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [fileID, line, a.assetID, a.siteID, a.customerID, a.model, a.assetType,
                                             a.region, a.installedOn?.dayNumber])
            case .component(let k):
                try db.cachedStatement(sql: """
                    INSERT INTO component(file_id, line, asset_id, slot, component_type, installed_on, part_number,
                        batch_code, serial) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [fileID, line, k.assetID, k.slot, k.componentType,
                                             k.installedOn.dayNumber, k.partNumber, k.batchCode, k.serial])
            case .engineer(let e):
                try db.cachedStatement(sql: """
                    INSERT INTO engineer(file_id, line, engineer_id, name, skills, region, daily_capacity)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [fileID, line, e.engineerID, e.name, e.skills.joined(separator: ";"),
                                             e.region, e.dailyCapacity])
            case .part(let p):
                try db.cachedStatement(sql: """
                    INSERT INTO part(file_id, line, part_number, description, stock_on_hand, lead_time_days,
                        unit_cost) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [fileID, line, p.partNumber, p.description, p.stockOnHand,
                                             p.leadTimeDays, p.unitCost])
            case .failure(let f):
                try db.cachedStatement(sql: """
                    INSERT INTO failure(file_id, line, asset_id, ts, slot, fault_code) VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [fileID, line, f.assetID, f.ts.milliseconds, f.slot, f.faultCode])
            case .workOrder(let w):
                try db.cachedStatement(sql: """
                    INSERT INTO work_order(file_id, line, drop_date, wo_id, created_at, asset_id, customer_id,
                        channel, fault_code, kind, priority, engineer_id, description)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [fileID, line, drop, w.woID, w.createdAt.milliseconds, w.assetID,
                                             w.customerID, w.channel, w.faultCode, w.kind, w.priority,
                                             w.engineerID, w.description])
            case .event(let e, let h):
                try db.cachedStatement(sql: """
                    INSERT INTO event(file_id, line, drop_date, wo_id, ts, status, actor, evidence, note,
                        asset_id, customer_id, channel, fault_code, kind, priority, engineer_id, description)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [fileID, line, drop, e.woID, e.ts.milliseconds, e.rawStatus, e.actor,
                                             e.evidence, e.note, h.assetID, h.customerID, h.channel, h.faultCode,
                                             h.kind, h.priority, h.engineerID, h.description])
            }
        }
        for (seq, q) in c.quarantined.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO quarantine(file_id, seq, line, field, reason, detail, raw) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [fileID, seq, q.line, q.field, q.reason.rawValue, q.detail, q.raw])
        }
        for (reason, count) in c.quarantineCounts.sorted(by: { $0.key < $1.key }) where count > 0 {
            try db.cachedStatement(sql: "INSERT INTO quarantine_count(file_id, reason, count) VALUES (?, ?, ?)")
                .execute(arguments: [fileID, reason.rawValue, count])
        }
    }

    /// The bulk insert of a dump's aggregates (up to millions of rows a night): names become integer keys,
    /// rows go in primary-key order, 64 to a statement execution, bound with the SQLite C API, so no row
    /// allocates. This is the only place that calls `sqlite3_bind_*`/`sqlite3_step`.
    static func insertTelemetry(_ rows: [TelemetryDayCount], fileID: Int64, dropDate: Int32?, _ db: Database) throws {
        var codeKeys = try keys(kind: "code", names: Set(rows.map(\.code)), db)
        var assetKeys = try keys(kind: "asset", names: Set(rows.map(\.assetID)), db)
        var keyed: [(code: Int64, day: Int32, asset: Int64, row: Int)] = []
        keyed.reserveCapacity(rows.count)
        for (index, t) in rows.enumerated() {
            keyed.append((codeKeys[t.code]!, t.day.dayNumber, assetKeys[t.assetID]!, index))
        }
        codeKeys.removeAll()
        assetKeys.removeAll()
        keyed.sort { ($0.code, $0.day, $0.asset) < ($1.code, $1.day, $1.asset) }
        // One statement execution per 64 rows takes a third less time than one per row.
        let perStatement = 64
        func insert(_ count: Int) throws -> Statement {
            try db.makeStatement(sql: """
                INSERT INTO alert_day(code_key, day, asset_key, file_id, drop_date, count, value_count, value_min,
                    value_max, value_sum) VALUES
                """ + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", "))
        }
        let full = try insert(perStatement)
        var start = 0
        while start < keyed.count {
            let n = min(perStatement, keyed.count - start)
            // The statement object must outlive its handle's use.
            let statement = n == perStatement ? full : try insert(n)
            let handle = statement.sqliteStatement
            sqlite3_reset(handle)
            for j in 0..<n {
                let k = keyed[start + j], t = rows[k.row], base = Int32(j * 10)
                sqlite3_bind_int64(handle, base + 1, k.code)
                sqlite3_bind_int64(handle, base + 2, Int64(k.day))
                sqlite3_bind_int64(handle, base + 3, k.asset)
                sqlite3_bind_int64(handle, base + 4, fileID)
                if let dropDate {
                    sqlite3_bind_int64(handle, base + 5, Int64(dropDate))
                } else {
                    sqlite3_bind_null(handle, base + 5)
                }
                sqlite3_bind_int64(handle, base + 6, t.count)
                sqlite3_bind_int64(handle, base + 7, t.valueCount)
                sqlite3_bind_double(handle, base + 8, t.valueMin)
                sqlite3_bind_double(handle, base + 9, t.valueMax)
                sqlite3_bind_double(handle, base + 10, t.valueSum)
            }
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            sqlite3_reset(handle)
            start += n
            withExtendedLifetime(statement) {}
        }
    }

    /// The integer keys of `names` of one kind (asset or code), adding the missing ones.
    static func keys(kind: String, names: Set<String>, _ db: Database) throws -> [String: Int64] {
        var keys: [String: Int64] = [:]
        try Row.forEach(db, sql: "SELECT key, name FROM alert_key WHERE kind = ?", arguments: [kind]) { row in
            let name: String = row["name"]
            if names.contains(name) { keys[name] = row["key"] }
        }
        let insert = try db.cachedStatement(sql: "INSERT INTO alert_key(name, kind) VALUES (?, ?)")
        for name in names.sorted() where keys[name] == nil {
            try insert.execute(arguments: [name, kind])
            keys[name] = db.lastInsertedRowID
        }
        return keys
    }
}
