import GRDB
import PMBatchCore

extension StateStore {
    static func insertRecords(_ c: FileContribution, fileID: Int64, _ db: Database) throws {
        let drop = c.entry.dropDate?.dayNumber
        if !c.telemetry.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO telemetry_daily(file_id, asset_id, code, day, drop_date, count, value_count,
                    value_min, value_max, value_sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for t in c.telemetry {
                try statement.execute(arguments: [fileID, t.assetID, t.code, t.day.dayNumber, drop, t.count,
                                                  t.valueCount, t.valueMin, t.valueMax, t.valueSum])
            }
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
}
