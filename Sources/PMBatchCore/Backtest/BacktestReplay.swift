/// What a replay needs besides the alert index: the registries as of the last night replayed.
///
/// Registry files lie outside dated folders (SPEC §1), so every night sees the same ones; which
/// component is current still depends on the night (`installed_on`).
public struct BacktestData: Sendable {
    public var assets: [Asset]
    public var components: [ComponentInstallation]
    /// Ground truth, any time (sorted or not).
    public var failures: [Failure]
    public var alerts: AlertCountIndex

    /// Memberwise.
    public init(assets: [Asset], components: [ComponentInstallation], failures: [Failure], alerts: AlertCountIndex) {
        self.assets = assets
        self.components = components
        self.failures = failures
        self.alerts = alerts
    }
}

/// Replays the nightly triggers (``TriggerPlanner``) for every night of a period with only what was known
/// that night: aggregates dropped on or before it, days up to its cutoff, the orders of earlier nights.
///
/// A replay has no field reports, so an order counts as closed from the night of its due date on. The
/// planner gets no engineers and no parts catalogue: neither changes which orders are created (only
/// the suggested engineer and the request's stock figures), and leaving them out keeps a night cheap.
/// What each night is handed is trimmed to what can matter to it — alert counts above the rule's limit,
/// current components at least as old as the smallest age limit of their type, the assets those concern,
/// and of the earlier orders that are still open or can still block a trigger by key or cooldown those of
/// the assets concerned (and every batch order); a night where nothing can fire skips the planner — which
/// gives the planner exactly the result it would give on the full inputs.
public enum BacktestReplay {
    /// Every preventive work order the nights `from` through `to` would have created, in creation order.
    public static func workOrders(rules: RuleSet, data: BacktestData, from: LocalDate, to: LocalDate)
        -> [PreventiveWorkOrder]
    {
        guard from <= to else { return [] }
        var assetsByID: [String: Asset] = [:]
        for asset in data.assets { assetsByID[asset.assetID] = asset }
        let minAgeByType = rules.minimumAgeDaysByComponentType
        var slots = ComponentSlots(data.components, types: Set(minAgeByType.keys))
        var windows: [String: AlertWindow] = [:]
        for rule in rules.alertRules { windows[rule.id] = rule.window }

        var created: [PreventiveWorkOrder] = []
        // Orders that can still matter: alert orders until closed and out of their month / cooldown;
        // age and batch orders always (their trigger key never repeats).
        var liveAlertOrders: [PreventiveWorkOrder] = []
        var keyedOrders: [PreventiveWorkOrder] = []
        var issuedKeys = Set<String>()
        var night = from
        while night <= to {
            liveAlertOrders.removeAll { order in
                guard order.dueDate <= night else { return false }
                switch windows[order.ruleID] {
                case .calendarMonth: return order.night.firstOfMonth != night.firstOfMonth
                case .rolling(let days): return night.days(since: order.night) >= days
                case nil: return true
                }
            }
            // Orders that still block their (rule, asset): a rolling window's order until it is done and out of
            // its cooldown, a calendar month's within its month (its trigger key). The planner would drop those
            // triggers unseen, so they are not handed to it.
            var blocking = Set<TriggerPlanner.RuleAsset>()
            for order in liveAlertOrders {
                if case .calendarMonth = windows[order.ruleID], order.night.firstOfMonth != night.firstOfMonth { continue }
                blocking.insert(TriggerPlanner.RuleAsset(rule: order.ruleID, asset: order.assetID))
            }
            var counts: [String: [String: Int64]] = [:]
            var involved = Set<String>()
            for rule in rules.alertRules {
                var over = data.alerts.counts(codes: rule.codes, days: rule.window.days(asOf: night),
                                              droppedBy: night, moreThan: Int64(rule.moreThan))
                if !blocking.isEmpty {
                    over = over.filter { !blocking.contains(TriggerPlanner.RuleAsset(rule: rule.id, asset: $0.key)) }
                }
                counts[rule.id] = over
                involved.formUnion(over.keys)
            }
            // Current components old enough for a rule of their type, less those every rule of their type
            // has already ordered for (their triggers could only repeat a key and be dropped).
            var components: [ComponentInstallation] = []
            for (slot, c) in slots.current(asOf: night, where: { c in
                night.days(since: c.installedOn) >= (minAgeByType[c.componentType] ?? Int.max)
            }) {
                let keys = componentKeys(c, rules: rules, site: assetsByID[c.assetID]?.siteID ?? "")
                if keys.allSatisfy({ issuedKeys.contains($0.key) }) {
                    slots.covered[slot] = true
                    continue
                }
                if keys.contains(where: { !issuedKeys.contains($0.key) && night.days(since: c.installedOn) >= $0.minAge }) {
                    components.append(c)
                }
            }
            for c in components { involved.insert(c.assetID) }
            // Nothing can fire tonight: the planner would return no order.
            guard !involved.isEmpty else {
                night = night.adding(days: 1)
                continue
            }
            // Earlier orders matter to tonight's triggers only through their assets (suppression, cooldown, an
            // age key names its asset), except batch orders, whose key names a site and which cover every asset
            // they list: hand the planner those and the orders of tonight's assets.
            let issued = keyedOrders.filter { $0.ruleKind == .batchAge || involved.contains($0.assetID) }
                + liveAlertOrders.filter { involved.contains($0.assetID) }
            var closed = Set<String>()
            for order in issued where order.dueDate <= night { closed.insert(order.id) }
            let assets = involved.sorted().map { assetsByID[$0] ?? Asset(assetID: $0) }
            var inputs = NightInputs(asOf: night, rules: rules, assets: assets, components: components, engineers: [],
                                     parts: [], alertCounts: counts, issued: issued, closedIDs: closed)
            // `ComponentSlots.current` gives the current installation per slot, by (asset, slot).
            inputs.componentsAreCurrent = true
            let plan = TriggerPlanner.plan(inputs)
            for order in plan.workOrders {
                if order.ruleKind == .alert {
                    liveAlertOrders.append(order)
                } else {
                    keyedOrders.append(order)
                    issuedKeys.insert(order.triggerKey)
                }
            }
            created += plan.workOrders
            night = night.adding(days: 1)
        }
        return created
    }

    /// The trigger keys the age and batch rules of `c`'s type would give it, with their age limits (the
    /// planner's key formats). A batch rule ignores a component without a batch code.
    static func componentKeys(_ c: ComponentInstallation, rules: RuleSet, site: String) -> [(key: String, minAge: Int)] {
        var keys: [(key: String, minAge: Int)] = []
        for rule in rules.ageRules where rule.componentType == c.componentType {
            keys.append((TriggerPlanner.ageKey(rule, c), rule.minAge.days))
        }
        for rule in rules.batchAgeRules where rule.componentType == c.componentType && !c.batchCode.isEmpty {
            keys.append((TriggerPlanner.batchKey(rule, site: site, batch: c.batchCode), rule.minAge.days))
        }
        return keys
    }
}

/// The installations per (asset, slot), for finding the current one night after night in order.
struct ComponentSlots {
    /// Per slot: installations by `installed_on`, ties in input order (the later row wins, as in
    /// ``TriggerPlanner/currentComponents(_:asOf:)``).
    var history: [[ComponentInstallation]]
    /// Per slot: how many installations are on or before the last night asked.
    var installed: [Int]
    /// Per slot: the current installation needs no more looking at (reset when it is replaced).
    var covered: [Bool]

    /// Keeps only slots with an installation of one of `types`.
    init(_ components: [ComponentInstallation], types: Set<String>) {
        guard !types.isEmpty else {  // no age or batch rule: nothing to look at (a search replays many such sets)
            self.history = []
            self.installed = []
            self.covered = []
            return
        }
        var index: [String: Int] = [:]
        var history: [[ComponentInstallation]] = []
        var keys: [(String, String)] = []
        for c in components {
            let key = TriggerPlanner.slotKey(c)
            if let i = index[key] {
                history[i].append(c)
            } else {
                index[key] = history.count
                history.append([c])
                keys.append((c.assetID, c.slot))
            }
        }
        var kept: [[ComponentInstallation]] = []
        for i in history.indices.sorted(by: { keys[$0] < keys[$1] })
        where history[i].contains(where: { types.contains($0.componentType) }) {
            // A stable sort: equal dates keep their input order.
            kept.append(history[i].enumerated().sorted { ($0.element.installedOn, $0.offset) < ($1.element.installedOn, $1.offset) }
                .map(\.element))
        }
        self.history = kept
        self.installed = Array(repeating: 0, count: kept.count)
        self.covered = Array(repeating: false, count: kept.count)
    }

    /// The current installation of every slot not covered as of `night` that `keep` accepts, with its slot
    /// index, by (asset, slot). Nights must be asked in increasing order.
    mutating func current(asOf night: LocalDate, where keep: (ComponentInstallation) -> Bool)
        -> [(slot: Int, component: ComponentInstallation)]
    {
        var result: [(slot: Int, component: ComponentInstallation)] = []
        for i in history.indices {
            var n = installed[i]
            while n < history[i].count, history[i][n].installedOn <= night { n += 1 }
            if n != installed[i] { covered[i] = false }
            installed[i] = n
            if n > 0, !covered[i], keep(history[i][n - 1]) { result.append((i, history[i][n - 1])) }
        }
        return result
    }
}
