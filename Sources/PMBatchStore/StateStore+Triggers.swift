import GRDB
import PMBatchCore

extension StateStore {
    /// The first night this state evaluates (it went live then): earlier nights are history, never
    /// evaluated. nil until the first `analyze` or `run` sets it.
    public func firstNight() throws(StoreError) -> LocalDate? {
        try meta("first_night").flatMap(LocalDate.init)
    }

    /// Records the night the state goes live.
    public func setFirstNight(_ night: LocalDate) throws(StoreError) {
        try setMeta("first_night", night.description)
    }

    /// Nights whose triggers are recorded, oldest first.
    public func processedNights() throws(StoreError) -> [LocalDate] {
        try read("reading nights") { db in
            try Int32.fetchAll(db, sql: "SELECT as_of FROM night ORDER BY as_of").map(LocalDate.init(dayNumber:))
        }
    }

    /// Evaluated nights whose outputs have not been written yet, oldest first.
    public func nightsAwaitingOutput() throws(StoreError) -> [LocalDate] {
        try read("reading nights") { db in
            try Int32.fetchAll(db, sql: "SELECT as_of FROM night WHERE written = 0 ORDER BY as_of")
                .map(LocalDate.init(dayNumber:))
        }
    }

    /// Records that a night's outputs were written.
    public func markNightWritten(_ night: LocalDate) throws(StoreError) {
        try write("recording night \(night) as written") { db in
            try db.execute(sql: "UPDATE night SET written = 1 WHERE as_of = ?", arguments: [night.dayNumber])
        }
    }

    /// Records one night's plan (work orders, requests, suppressed triggers) in one transaction.
    /// Recording a night twice is refused by the primary keys, so a re-run cannot duplicate IDs.
    /// `beforeCommit` runs inside the transaction, after every row is written (crash tests use it).
    public func recordNight(_ asOf: LocalDate, plan: NightPlan, rulesDigest: String,
                            beforeCommit: () -> Void = {}) throws(StoreError) {
        try write("recording night \(asOf)") { db in
            try db.execute(sql: "INSERT INTO night(as_of, rules_digest, written) VALUES (?, ?, 0)",
                           arguments: [asOf.dayNumber, rulesDigest])
            // One prepared statement per table, executed for every row (parsing the SQL per row cost 14 % of a
            // night at 300k assets).
            let insertOrder = try db.makeStatement(sql: """
                    INSERT INTO preventive_work_order(id, night, rule_id, rule_kind, trigger_key, asset_id, site_id,
                        customer_id, related_assets, skill, evidence, action, priority, engineer_id, due_date,
                        alert_codes, alert_from, alert_to, late_input)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for o in plan.workOrders {
                try insertOrder.execute(arguments: [
                    o.id, o.night.dayNumber, o.ruleID, o.ruleKind.rawValue, o.triggerKey, o.assetID, o.siteID,
                    o.customerID, o.relatedAssets.joined(separator: ";"), o.skill, o.evidence, o.action, o.priority,
                    o.engineerID, o.dueDate.dayNumber, o.alertCodes.joined(separator: ";"),
                    o.alertDays?.lowerBound.dayNumber, o.alertDays?.upperBound.dayNumber, o.lateInput])
            }
            let insertRequest = try db.makeStatement(sql: """
                    INSERT INTO spare_part_request(id, night, work_order, part_number, batch_code, quantity,
                        stock_on_hand, shortfall, needed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for r in plan.requests {
                try insertRequest.execute(arguments: [
                    r.id, r.night.dayNumber, r.workOrderID, r.partNumber, r.batchCode, r.quantity, r.stockOnHand,
                    r.shortfall, r.neededBy.dayNumber])
            }
            let insertSuppressed = try db.makeStatement(sql: """
                    INSERT INTO suppressed_trigger(night, trigger_key, rule_id, asset_id, site_id, skill, evidence,
                        blocking_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for s in plan.suppressed {
                try insertSuppressed.execute(arguments: [
                    s.night.dayNumber, s.triggerKey, s.ruleID, s.assetID, s.siteID, s.skill, s.evidence, s.blockingID])
            }
            beforeCommit()
        }
    }

    /// Work orders pmbatch issued on nights up to `asOf` (all when nil), by ID.
    public func preventiveWorkOrders(through asOf: LocalDate? = nil) throws(StoreError) -> [PreventiveWorkOrder] {
        try read("reading preventive work orders") { db in
            try Self.preventiveWorkOrders(db, whereSQL: "p.night <= ?", arguments: [asOf?.dayNumber ?? Int32.max])
        }
    }

    /// The orders matching `whereSQL` (on the alias `p`), by ID.
    static func preventiveWorkOrders(_ db: Database, whereSQL: String, arguments: StatementArguments) throws
        -> [PreventiveWorkOrder]
    {
        // By position: a night reads many orders, and name lookups per row dominate.
        try Row.fetchMapped(db, sql: """
            SELECT p.id, p.night, p.rule_id, p.rule_kind, p.trigger_key, p.asset_id, p.site_id, p.customer_id,
                p.related_assets, p.skill, p.evidence, p.action, p.priority, p.engineer_id, p.due_date,
                p.alert_codes, p.alert_from, p.alert_to, p.late_input
            FROM preventive_work_order p WHERE \(whereSQL) ORDER BY p.id
            """, arguments: arguments) { row in
            let related: String = row[8]
            let codes: String = row[15]
            let from: Int32? = row[16]
            let to: Int32? = row[17]
            var order = PreventiveWorkOrder(
                id: row[0], night: LocalDate(dayNumber: row[1]), ruleID: row[2],
                ruleKind: RuleKind(rawValue: row[3]) ?? .alert, triggerKey: row[4], assetID: row[5],
                siteID: row[6], customerID: row[7],
                relatedAssets: related.isEmpty ? [] : related.split(separator: ";").map(String.init),
                skill: row[9], evidence: row[10], action: row[11], priority: row[12], engineerID: row[13],
                dueDate: LocalDate(dayNumber: row[14]),
                alertCodes: codes.isEmpty ? [] : codes.split(separator: ";").map(String.init),
                alertDays: from.flatMap { f in to.map { LocalDate(dayNumber: f)..<LocalDate(dayNumber: $0) } })
            order.lateInput = row[18]
            return order
        }
    }

    /// Spare-part requests issued on nights up to `asOf` (all when nil), by ID.
    public func sparePartRequests(through asOf: LocalDate? = nil) throws(StoreError) -> [SparePartRequest] {
        try read("reading spare-part requests") { db in
            try Row.fetchMapped(db, sql: "SELECT * FROM spare_part_request WHERE night <= ? ORDER BY id",
                             arguments: [asOf?.dayNumber ?? Int32.max]) { row in
                SparePartRequest(id: row["id"], night: LocalDate(dayNumber: row["night"]),
                                 workOrderID: row["work_order"], partNumber: row["part_number"],
                                 batchCode: row["batch_code"], quantity: row["quantity"],
                                 stockOnHand: row["stock_on_hand"], shortfall: row["shortfall"],
                                 neededBy: LocalDate(dayNumber: row["needed_by"]))
            }
        }
    }

    /// Triggers suppressed on `night`, by rule, site, asset.
    public func suppressedTriggers(night: LocalDate) throws(StoreError) -> [SuppressedTrigger] {
        try read("reading suppressed triggers") { db in
            try Row.fetchMapped(db, sql: """
                SELECT * FROM suppressed_trigger WHERE night = ? ORDER BY rule_id, site_id, asset_id, trigger_key
                """, arguments: [night.dayNumber]) { row in
                SuppressedTrigger(night: night, ruleID: row["rule_id"], triggerKey: row["trigger_key"],
                                  assetID: row["asset_id"], siteID: row["site_id"], skill: row["skill"],
                                  evidence: row["evidence"], blockingID: row["blocking_id"])
            }
        }
    }

    /// How many triggers each rule had suppressed on the nights in `nights`, by rule ID (rules with none are
    /// absent).
    public func suppressedTriggerCounts(nights: ClosedRange<LocalDate>) throws(StoreError)
        -> [(ruleID: String, count: Int)]
    {
        try read("counting suppressed triggers") { db in
            try Row.fetchMapped(db, sql: """
                SELECT rule_id, COUNT(*) AS n FROM suppressed_trigger WHERE night >= ? AND night <= ?
                GROUP BY rule_id ORDER BY rule_id
                """, arguments: [nights.lowerBound.dayNumber, nights.upperBound.dayNumber]) {
                (ruleID: $0["rule_id"], count: $0["n"])
            }
        }
    }

    /// The highest sequence number of IDs with `prefix` + `date` already issued (0 when none).
    public func lastSequence(prefix: String, date: LocalDate) throws(StoreError) -> Int {
        let table = prefix == "PR" ? "spare_part_request" : "preventive_work_order"
        return try read("reading the last \(prefix) sequence") { db in
            let stem = prefix + date.compactText
            // A range on the primary key (the stem followed by digits: ':' comes right after '9'), not a LIKE,
            // which SQLite answers by scanning every ID ever issued.
            let last = try String.fetchOne(db, sql: "SELECT MAX(id) FROM \(table) WHERE id > ? AND id < ?",
                                           arguments: [stem, stem + ":"])
            return last.flatMap { Int($0.dropFirst(stem.count)) } ?? 0
        }
    }
}
