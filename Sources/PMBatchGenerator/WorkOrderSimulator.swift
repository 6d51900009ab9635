import PMBatchCore

/// A status event of a simulated work order (epoch seconds).
struct SimEvent: Sendable {
    var ts: Int64
    var status: String
    var actor: String
    var evidence: String = ""
    var note: String = ""
}

/// A simulated work order with its whole history.
struct SimWorkOrder: Sendable {
    var id = ""
    var createdAt: Int64
    var asset: Int
    var customerID: String
    var channel: String
    var faultCode: String
    var kind: String
    var priority: String
    var engineerID: String
    var description: String
    var events: [SimEvent] = []
    /// Known only from the event log (no header file row).
    var eventsOnly = false
    /// A later drop re-sends the header with these changes.
    var update: (at: Int64, priority: String, engineerID: String)?
    /// A number unique within the run, before IDs are assigned.
    var serial = 0
    /// The history is already complete (duplicates are made whole).
    var historyBuilt = false
    /// For a duplicate: the serial of the original order.
    var duplicateOf: Int?
}

/// Simulates the work-order system: customer reports, failure call-outs, preventive visits,
/// recurrences and duplicates, each with a full event history. The first third of the days
/// (the baseline) is slower and sloppier than the rest, so the KPIs improve.
struct WorkOrderSimulator {
    private let fleet: Fleet
    private let options: GeneratorOptions
    private let endCutoff: Int64
    private let baselineCutoff: Int64

    init(fleet: Fleet) {
        self.fleet = fleet
        self.options = fleet.options
        endCutoff = FleetClock.startOfDay(fleet.options.end.adding(days: 1))
        baselineCutoff = FleetClock.startOfDay(fleet.options.baselineEnd.adding(days: 1))
    }

    /// Every work order, sorted by creation time, IDs assigned, events cut at the end of the last day.
    func simulate() -> [SimWorkOrder] {
        var rng = FleetRandom(seed: options.seed, stream: 2)
        let start = FleetClock.startOfDay(options.start)
        let span = endCutoff - start
        var orders: [SimWorkOrder] = []

        // Failure call-outs: urgent, by phone or app, minutes after the failure.
        for failure in fleet.failures {
            let asset = fleet.assets[failure.asset]
            let urgent = rng.chance(0.7)
            orders.append(makeOrder(asset: asset, at: failure.ts + Int64(rng.int(in: 300...2400)),
                                    channel: rng.chance(0.6) ? "phone" : "app", fault: failure.faultCode,
                                    priority: urgent ? "urgent" : "high", urgentText: true, rng: &rng))
        }
        for asset in fleet.assets {
            // Customer reports: about 3 per asset-year.
            let reports = rng.poisson(Double(options.days) * 3 / 365)
            for _ in 0..<reports {
                let at = start + Int64(rng.int(below: Int(span)))
                let fault = rng.pick(asset.kind.reportedFaults)
                let channel = rng.pick(["online", "app", "app", "email", "phone", "phone"])
                let urgentText = rng.chance(0.08)
                let priority = urgentText ? "high" : rng.pick(["low", "normal", "normal", "normal", "high"])
                orders.append(makeOrder(asset: asset, at: at, channel: channel, fault: fault, priority: priority,
                                        urgentText: urgentText, rng: &rng))
            }
            // Preventive visits every 60–120 days, planned for 08:30 local.
            var day = options.start.adding(days: rng.int(below: 90))
            while day <= options.end {
                let at = FleetClock.startOfDay(day) + 8 * 3600 + 1800 + Int64(rng.int(below: 1800))
                var order = makeOrder(asset: asset, at: at, channel: "preventive", fault: "",
                                      priority: rng.chance(0.8) ? "normal" : "low", urgentText: false, rng: &rng)
                order.kind = rng.chance(0.5) ? "preventive" : (rng.chance(0.5) ? "inspection" : "")
                order.description = order.kind == "inspection" ? "Scheduled safety inspection" : "Scheduled maintenance visit"
                orders.append(order)
                day = day.adding(days: rng.int(in: 60...120))
            }
        }
        orders.sort { ($0.createdAt, $0.asset) < ($1.createdAt, $1.asset) }
        for i in orders.indices { orders[i].serial = i }
        var nextSerial = orders.count

        // Histories, in creation order; recurrences and duplicates are appended and handled in turn.
        var index = 0
        while index < orders.count {
            let before = orders[index].createdAt < baselineCutoff
            var order = orders[index]
            if order.historyBuilt { index += 1; continue }
            let spawned = buildHistory(&order, before: before, rng: &rng)
            orders[index] = order
            for var extra in spawned where extra.createdAt < endCutoff {
                extra.serial = nextSerial
                nextSerial += 1
                // Keep the list sorted: insert after the current position.
                var position = orders.count
                while position > index + 1, orders[position - 1].createdAt > extra.createdAt { position -= 1 }
                orders.insert(extra, at: position)
            }
            index += 1
        }
        for i in orders.indices {
            orders[i].id = "WO-" + pad(i + 1, 7)
            orders[i].events = orders[i].events.filter { $0.ts < endCutoff }
        }
        // Duplicates point at their original by its final ID.
        var idBySerial: [Int: String] = [:]
        for order in orders { idBySerial[order.serial] = order.id }
        for i in orders.indices {
            guard let original = orders[i].duplicateOf, let originalID = idBySerial[original] else { continue }
            for e in orders[i].events.indices where orders[i].events[e].status == "duplicate" {
                orders[i].events[e].note = "duplicate of " + originalID
            }
        }
        return orders
    }

    private func makeOrder(asset: AssetInfo, at: Int64, channel: String, fault: String, priority: String,
                           urgentText: Bool, rng: inout FleetRandom) -> SimWorkOrder {
        let candidates = fleet.engineers(for: asset)
        let engineer = fleet.engineers[rng.pick(candidates)].id
        return SimWorkOrder(createdAt: at, asset: asset.index, customerID: asset.customerID, channel: channel,
                            faultCode: fault, kind: channel == "preventive" ? "preventive" : (rng.chance(0.7) ? "corrective" : ""),
                            priority: priority, engineerID: engineer,
                            description: FleetText.description(fault: fault, urgent: urgentText,
                                                               variant: rng.int(below: 1000)),
                            eventsOnly: channel != "preventive" && rng.chance(0.02))
    }

    /// Mean minutes to the first update, per channel, before and after the improvement.
    private func firstUpdateMean(_ channel: String, before: Bool) -> Double {
        switch channel {
        case "phone": before ? 45 : 14
        case "email": before ? 70 : 12
        case "preventive": before ? 120 : 60
        default: before ? 30 : 7
        }
    }

    /// Fills `order.events`; returns follow-up orders it caused (a recurrence, a duplicate).
    private func buildHistory(_ order: inout SimWorkOrder, before: Bool, rng: inout FleetRandom) -> [SimWorkOrder] {
        var spawned: [SimWorkOrder] = []
        let customerFacing = order.channel != "preventive"
        let engineer = order.engineerID
        let agent = "AGENT-" + pad(rng.int(in: 1...6), 2)
        var t = order.createdAt
        func minutes(_ mean: Double) -> Int64 { Int64(60 + rng.exponential(mean: mean) * 60) }
        func add(_ status: String, _ actor: String, evidence: String = "", note: String = "") {
            order.events.append(SimEvent(ts: t, status: status, actor: actor, evidence: evidence, note: note))
        }

        add("submitted", customerFacing ? order.customerID : "PLANNER-01")
        // A duplicate report of the same problem through another channel.
        if customerFacing, rng.chance(before ? 0.06 : 0.02) {
            var duplicate = order
            duplicate.createdAt = order.createdAt + Int64(rng.int(in: 300...3600))
            duplicate.channel = order.channel == "phone" ? "app" : "phone"
            duplicate.eventsOnly = false
            duplicate.events = [SimEvent(ts: duplicate.createdAt, status: "submitted", actor: order.customerID)]
            let marked = duplicate.createdAt + minutes(before ? 60 : 15)
            duplicate.events.append(SimEvent(ts: marked, status: "acknowledged", actor: agent))
            duplicate.events.append(SimEvent(ts: marked + 60, status: "duplicate", actor: agent))
            duplicate.duplicateOf = order.serial
            duplicate.historyBuilt = true
            duplicate.update = nil
            spawned.append(duplicate)
        }
        let roll = rng.unit()
        if roll < 0.01 { return spawned }  // never looked at
        t += minutes(firstUpdateMean(order.channel, before: before))
        if customerFacing {
            add("acknowledged", agent)
            if roll < (before ? 0.05 : 0.03) {
                t += minutes(120)
                add("cancelled", order.customerID, note: "customer cancelled")
                return spawned
            }
            t += minutes(before ? 90 : 25)
        }
        add("dispatched", "DISPATCH-01")
        t += minutes(before ? 40 : 12)
        add("accepted", engineer)
        t += 1800 + minutes(before ? 150 : 70)
        add("on_site", engineer)
        if rng.chance(before ? 0.35 : 0.15) {
            t += minutes(40)
            add("waiting_parts", engineer, note: "part ordered")
            t += minutes(before ? 4000 : 1500)
            add("resumed", engineer)
        }
        if rng.chance(before ? 0.2 : 0.1) {
            t += minutes(30)
            add("waiting_customer", engineer, note: "waiting for site access")
            t += minutes(before ? 1200 : 400)
            add("resumed", engineer)
        }
        // Anomalies of the closure lock.
        let anomaly = rng.unit()
        let falseClosure = anomaly < (before ? 0.07 : 0.02)
        let falseKind = rng.int(below: 3)
        let missingEvidence = !falseClosure && anomaly < (before ? 0.10 : 0.04)
        let notClosed = !falseClosure && !missingEvidence && anomaly < (before ? 0.13 : 0.06)
        t += minutes(before ? 240 : 110)
        let photo = "IMG-" + pad(Int(order.createdAt % 1_000_000), 6) + "-1.jpg"
        add("technical_closed", engineer, evidence: (falseClosure && falseKind == 0) || missingEvidence ? "" : photo)
        let closedAt = t
        if rng.chance(before ? 0.10 : 0.03) {
            t += minutes(1200)
            add("reopened", customerFacing ? order.customerID : "PLANNER-01", note: "problem came back")
            t += minutes(60)
            add("accepted", engineer)
            t += minutes(150)
            add("on_site", engineer)
            t += minutes(100)
            add("technical_closed", engineer, evidence: "IMG-" + pad(Int(order.createdAt % 1_000_000), 6) + "-2.jpg")
        }
        if !(falseClosure && falseKind == 1) {
            t += minutes(before ? 1200 : 300)
            add("delivery_confirmed", order.customerID, evidence: "SIG-" + pad(Int(order.createdAt % 10_000_000), 7))
        }
        if !(falseClosure && falseKind == 2) {
            t += 86_400 + minutes(before ? 5000 : 2000)
            add("financial_closed", "FIN-01", evidence: "INV-" + pad(Int(order.createdAt % 100_000_000), 8))
        }
        if !missingEvidence && !notClosed {
            t += minutes(600)
            add("closed", "SYSTEM")
        }
        // The header is re-sent later with a raised priority (latest drop wins).
        if customerFacing, !order.eventsOnly, order.priority != "urgent", rng.chance(0.05) {
            order.update = (order.createdAt + Int64(rng.int(in: 3600...172_800)), "urgent", engineer)
        }
        // The same customer reports the same fault again within 30 days.
        if customerFacing, order.effectiveKind == "corrective", !order.faultCode.isEmpty,
           rng.chance(before ? 0.25 : 0.03) {
            var again = order
            again.createdAt = closedAt + Int64(rng.int(in: 2 * 86_400...25 * 86_400))
            again.events = []
            again.update = nil
            again.eventsOnly = false
            again.description = "Same problem again: " + order.faultCode.replacingUnderscores
            spawned.append(again)
        }
        return spawned
    }
}

extension SimWorkOrder {
    /// `kind`, or `corrective`/`preventive` by channel when empty.
    var effectiveKind: String {
        if !kind.isEmpty { return kind }
        return channel == "preventive" ? "preventive" : "corrective"
    }
}
