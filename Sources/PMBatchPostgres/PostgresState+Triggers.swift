import PMBatchCore
import PMBatchStore

/// The nights, orders and requests: `StateStore+Triggers` in PostgreSQL.
extension PostgresState {
    public func firstNight() throws -> LocalDate? {
        try meta("first_night").flatMap(LocalDate.init)
    }

    public func setFirstNight(_ night: LocalDate) throws {
        try setMeta("first_night", night.description)
    }

    public func processedNights() throws -> [LocalDate] {
        try link.query("reading nights", "SELECT as_of FROM night ORDER BY as_of")
            .map { LocalDate(dayNumber: try $0.get(0)) }
    }

    public func nightsAwaitingOutput() throws -> [LocalDate] {
        try link.query("reading nights", "SELECT as_of FROM night WHERE written = 0 ORDER BY as_of")
            .map { LocalDate(dayNumber: try $0.get(0)) }
    }

    public func markNightWritten(_ night: LocalDate) throws {
        try link.query("recording night \(night) as written", "UPDATE night SET written = 1 WHERE as_of = $1",
                       [.date(night.dayNumber)])
    }

    public func recordNight(_ asOf: LocalDate, plan: NightPlan, rulesDigest: String, beforeCommit: () -> Void) throws {
        let action = "recording night \(asOf)"
        // One `COPY` per table, not a statement (a round trip) per row: a night of a million assets issues
        // about a hundred thousand orders.
        var orders = CopyRows(columns: ["id", "night", "rule_id", "rule_kind", "trigger_key", "asset_id", "site_id",
                                        "customer_id", "related_assets", "skill", "evidence", "action", "priority",
                                        "engineer_id", "due_date", "alert_codes", "alert_from", "alert_to",
                                        "late_input"])
        for o in plan.workOrders {
            orders.append([o.id, "\(o.night.dayNumber)", o.ruleID, o.ruleKind.rawValue, o.triggerKey, o.assetID,
                           o.siteID, o.customerID, o.relatedAssets.joined(separator: ";"), o.skill, o.evidence,
                           o.action, o.priority, o.engineerID, "\(o.dueDate.dayNumber)",
                           o.alertCodes.joined(separator: ";"), o.alertDays.map { "\($0.lowerBound.dayNumber)" },
                           o.alertDays.map { "\($0.upperBound.dayNumber)" }, o.lateInput])
        }
        var requests = CopyRows(columns: ["id", "night", "work_order", "part_number", "batch_code", "quantity",
                                          "stock_on_hand", "shortfall", "needed_by"])
        for r in plan.requests {
            requests.append([r.id, "\(r.night.dayNumber)", r.workOrderID, r.partNumber, r.batchCode, "\(r.quantity)",
                             "\(r.stockOnHand)", "\(r.shortfall)", "\(r.neededBy.dayNumber)"])
        }
        var suppressed = CopyRows(columns: ["night", "trigger_key", "rule_id", "asset_id", "site_id", "skill",
                                            "evidence", "blocking_id"])
        for t in plan.suppressed {
            suppressed.append(["\(t.night.dayNumber)", t.triggerKey, t.ruleID, t.assetID, t.siteID, t.skill, t.evidence,
                               t.blockingID])
        }
        try link.transaction(action) {
            try link.query(action, "INSERT INTO night(as_of, rules_digest, written) VALUES ($1, $2, 0)",
                           [.date(asOf.dayNumber), .text(rulesDigest)])
            for (table, rows) in [("preventive_work_order", orders), ("spare_part_request", requests),
                                  ("suppressed_trigger", suppressed)] {
                let chunks = rows.chunks()
                if !chunks.isEmpty { try link.copy(action, table: table, columns: rows.columns, chunks: chunks) }
            }
            beforeCommit()
        }
    }

    public func preventiveWorkOrders(through asOf: LocalDate?) throws -> [PreventiveWorkOrder] {
        try link.query("reading preventive work orders", """
            SELECT id, night, rule_id, rule_kind, trigger_key, asset_id, site_id, customer_id, related_assets,
                skill, evidence, action, priority, engineer_id, due_date, alert_codes, alert_from, alert_to,
                late_input
            FROM preventive_work_order WHERE night <= $1 ORDER BY id
            """, [.date(asOf?.dayNumber ?? Int32.max)]).map { row in
            let related: String = try row.get(8)
            let codes: String = try row.get(15)
            let from = try row.get(16, as: Int32?.self)
            let to = try row.get(17, as: Int32?.self)
            var order = PreventiveWorkOrder(
                id: try row.get(0), night: LocalDate(dayNumber: try row.get(1)), ruleID: try row.get(2),
                ruleKind: RuleKind(rawValue: try row.get(3)) ?? .alert, triggerKey: try row.get(4),
                assetID: try row.get(5), siteID: try row.get(6), customerID: try row.get(7),
                relatedAssets: related.isEmpty ? [] : related.split(separator: ";").map(String.init),
                skill: try row.get(9), evidence: try row.get(10), action: try row.get(11), priority: try row.get(12),
                engineerID: try row.get(13), dueDate: LocalDate(dayNumber: try row.get(14)),
                alertCodes: codes.isEmpty ? [] : codes.split(separator: ";").map(String.init),
                alertDays: from.flatMap { f in to.map { LocalDate(dayNumber: f)..<LocalDate(dayNumber: $0) } })
            order.lateInput = try row.get(18)
            return order
        }
    }

    public func sparePartRequests(through asOf: LocalDate?) throws -> [SparePartRequest] {
        try link.query("reading spare-part requests", """
            SELECT id, night, work_order, part_number, batch_code, quantity, stock_on_hand, shortfall, needed_by
            FROM spare_part_request WHERE night <= $1 ORDER BY id
            """, [.date(asOf?.dayNumber ?? Int32.max)]).map { row in
            SparePartRequest(id: try row.get(0), night: LocalDate(dayNumber: try row.get(1)),
                             workOrderID: try row.get(2), partNumber: try row.get(3), batchCode: try row.get(4),
                             quantity: try row.get(5), stockOnHand: try row.get(6), shortfall: try row.get(7),
                             neededBy: LocalDate(dayNumber: try row.get(8)))
        }
    }

    public func suppressedTriggers(night: LocalDate) throws -> [SuppressedTrigger] {
        try link.query("reading suppressed triggers", """
            SELECT rule_id, trigger_key, asset_id, site_id, skill, evidence, blocking_id FROM suppressed_trigger
            WHERE night = $1 ORDER BY rule_id, site_id, asset_id, trigger_key
            """, [.date(night.dayNumber)]).map { row in
            SuppressedTrigger(night: night, ruleID: try row.get(0), triggerKey: try row.get(1),
                              assetID: try row.get(2), siteID: try row.get(3), skill: try row.get(4),
                              evidence: try row.get(5), blockingID: try row.get(6))
        }
    }

    public func suppressedTriggerCounts(nights: ClosedRange<LocalDate>) throws -> [(ruleID: String, count: Int)] {
        try link.query("counting suppressed triggers", """
            SELECT rule_id, COUNT(*) AS n FROM suppressed_trigger WHERE night >= $1 AND night <= $2
            GROUP BY rule_id ORDER BY rule_id
            """, [.date(nights.lowerBound.dayNumber), .date(nights.upperBound.dayNumber)]).map {
            (ruleID: try $0.get(0), count: try $0.get(1))
        }
    }

    public func lastSequence(prefix: String, date: LocalDate) throws -> Int {
        let table = prefix == "PR" ? "spare_part_request" : "preventive_work_order"
        let stem = prefix + date.compactText
        // A range on the primary key, as in SQLite (byte order: ':' comes right after '9').
        let last = try link.query("reading the last \(prefix) sequence",
                                  "SELECT MAX(id) FROM \(table) WHERE id > $1 AND id < $2",
                                  [.text(stem), .text(stem + ":")]).first.flatMap { try $0.get(0, as: String?.self) }
        return last.flatMap { Int($0.dropFirst(stem.count)) } ?? 0
    }
}
