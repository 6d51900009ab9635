import PMBatchConfig
import PMBatchCore

/// `pmbatch show ID|ASSET`: everything the state links to a WD, a PR, a history work order or an asset, as
/// lines of text.
public struct Lookup {
    public var rules: RuleSet
    /// The night to show current components and recent alerts for, when the state has evaluated none.
    public var defaultNight: LocalDate

    /// Memberwise.
    public init(rules: RuleSet, defaultNight: LocalDate) {
        self.rules = rules
        self.defaultNight = defaultNight
    }

    /// The lines for `id`; a configuration error when nothing is called so.
    public func lines(for id: String, in store: any NightState) throws(NightFailure) -> [String] {
        do {
            return try describe(id, store: store)
        } catch let failure as NightFailure {
            throw failure
        } catch {
            throw .cannotComplete("\(error)")
        }
    }

    private func describe(_ id: String, store: any NightState) throws -> [String] {
        let asOf = try store.processedNights().last ?? defaultNight
        let far = LocalDate(dayNumber: Int32.max / 2)
        let orders = try store.preventiveWorkOrders()
        let requests = try store.sparePartRequests()
        let history = WorkOrderHistory.build(
            headers: try store.workOrderHeaders(asOf: far),
            events: try store.events(asOf: far, before: Instant(milliseconds: Int64.max)), rules: rules)
        var out: [String] = []

        func describe(_ o: PreventiveWorkOrder) {
            out.append("Preventive work order \(o.id) (night \(o.night))")
            out.append("  rule: \(o.ruleID) (\(o.ruleKind.rawValue))    asset: \(o.assetID)    site: \(o.siteID)"
                       + "    customer: \(o.customerID)")
            if !o.relatedAssets.isEmpty { out.append("  assets: \(o.relatedAssets.joined(separator: ", "))") }
            out.append("  evidence: \(o.evidence)")
            out.append("  action: \(o.action)    priority: \(o.priority)    skill: \(o.skill)")
            out.append("  suggested engineer: \(o.engineerID.isEmpty ? "(none qualified)" : o.engineerID)"
                       + "    due: \(o.dueDate)")
            if let days = o.alertDays, !o.alertCodes.isEmpty {
                let daily = (try? store.dailyAlerts(days: days, asOf: o.night, assetID: o.assetID)) ?? []
                let matching = daily.filter { o.alertCodes.contains($0.code) }
                out.append("  alerts that triggered it (\(days.lowerBound) to \(days.upperBound.adding(days: -1))):")
                for d in matching { out.append("    \(d.day)  \(d.code)  \(d.count)") }
            }
            for r in requests where r.workOrderID == o.id { describe(r) }
            if let timeline = history.orders.first(where: { $0.header.woID == o.id }) {
                out.append("  events reported on it:")
                for e in timeline.events { out.append("    " + eventLine(e)) }
            } else {
                out.append("  events reported on it: none yet (open)")
            }
        }
        func describe(_ r: SparePartRequest) {
            out.append("  Spare-part request \(r.id) for \(r.workOrderID): part \(r.partNumber), batch "
                       + "\(r.batchCode.isEmpty ? "-" : r.batchCode), quantity \(r.quantity), stock \(r.stockOnHand), "
                       + "shortfall \(r.shortfall), needed by \(r.neededBy)")
        }
        func describe(_ t: WorkOrderTimeline) {
            let h = t.header
            out.append("Work order \(h.woID)\(t.headerFromEvents ? " (header from its first event)" : "")")
            out.append("  created: \(h.createdAt)    channel: \(h.channel)    kind: \(h.effectiveKind)"
                       + "    priority: \(h.priority)")
            out.append("  asset: \(h.assetID)    customer: \(h.customerID)    fault: \(h.faultCode)"
                       + "    engineer: \(h.engineerID)")
            if !h.description.isEmpty { out.append("  description: \(h.description)") }
            for e in t.events { out.append("    " + eventLine(e)) }
        }

        if let order = orders.first(where: { $0.id == id }) {
            describe(order)
        } else if let request = requests.first(where: { $0.id == id }) {
            describe(request)
            if let order = orders.first(where: { $0.id == request.workOrderID }) { describe(order) }
        } else if let timeline = history.orders.first(where: { $0.header.woID == id }) {
            describe(timeline)
        } else if let asset = try store.assets(asOf: far).first(where: { $0.assetID == id }) {
            out.append("Asset \(asset.assetID): site \(asset.siteID), customer \(asset.customerID), model "
                       + "\(asset.model), type \(asset.assetType), region \(asset.region)")
            out.append("Components (current as of \(asOf)):")
            for c in try store.currentComponents(asOf: asOf)
            where c.assetID == id {
                out.append("  \(c.slot): \(c.componentType) installed \(c.installedOn) "
                           + "(\(asOf.days(since: c.installedOn)) days), part \(c.partNumber), batch \(c.batchCode)")
            }
            out.append("Alerts in the 30 days to \(asOf):")
            var totals: [String: Int64] = [:]
            for d in try store.dailyAlerts(days: asOf.adding(days: -29)..<asOf.adding(days: 1), asOf: asOf,
                                           assetID: id) {
                totals[d.code, default: 0] += d.count
            }
            for (code, count) in totals.sorted(by: { $0.key < $1.key }) { out.append("  \(code): \(count)") }
            for o in orders where o.assetID == id || o.relatedAssets.contains(id) { describe(o) }
            for t in history.orders where t.header.assetID == id { describe(t) }
        } else {
            throw NightFailure.configuration("nothing in the state is called '\(id)' (not a WD, PR, work order "
                                                + "or asset ID)")
        }
        return out
    }

    private func eventLine(_ e: TimelineEvent) -> String {
        var line = "\(e.ts)  \(e.rawStatus)"
        if e.status == nil { line += " (unmapped)" }
        if !e.actor.isEmpty { line += "  by \(e.actor)" }
        if !e.evidence.isEmpty { line += "  evidence \(e.evidence)" }
        if !e.note.isEmpty { line += "  — \(e.note)" }
        return line
    }
}
