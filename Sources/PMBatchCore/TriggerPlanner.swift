extension AlertWindow {
    /// The local days this window covers for a night: the calendar month of `asOf` up to and including
    /// it, or the `days` days ending with it (the window ends at the cutoff, the end of `asOf`).
    public func days(asOf: LocalDate) -> Range<LocalDate> {
        switch self {
        case .calendarMonth: asOf.firstOfMonth..<asOf.adding(days: 1)
        case .rolling(let days): asOf.adding(days: 1 - days)..<asOf.adding(days: 1)
        }
    }
}

/// What one night's trigger evaluation needs, gathered by the caller from the state.
public struct NightInputs: Sendable {
    public var asOf: LocalDate
    public var rules: RuleSet
    public var assets: [Asset]
    public var components: [ComponentInstallation]
    /// True when `components` already holds only the current installation per slot as of `asOf`, sorted by
    /// asset and slot (what the state's `currentComponents(asOf:)` returns): the planner then skips its own
    /// pick, a dictionary over every installation.
    public var componentsAreCurrent = false
    public var engineers: [Engineer]
    public var parts: [Part]
    /// Per alert rule ID: alert count per asset over the rule's window (`AlertWindow.days(asOf:)`).
    public var alertCounts: [String: [String: Int64]]
    /// Work orders pmbatch issued on earlier nights (and any issued tonight by an interrupted run).
    public var issued: [PreventiveWorkOrder]
    /// IDs (WD or history) reported `technical_closed`, `closed` or `cancelled` before the cutoff.
    public var closedIDs: Set<String>
    /// Open history work orders per engineer (their `engineer_id`), for the suggestion's load count.
    public var openHistoryAssignments: [String: Int]
    /// The highest WD and PR sequence already issued for `asOf`.
    public var lastWorkOrderSequence: Int
    public var lastRequestSequence: Int

    public init(asOf: LocalDate, rules: RuleSet, assets: [Asset], components: [ComponentInstallation],
                engineers: [Engineer], parts: [Part], alertCounts: [String: [String: Int64]],
                issued: [PreventiveWorkOrder] = [], closedIDs: Set<String> = [],
                openHistoryAssignments: [String: Int] = [:], lastWorkOrderSequence: Int = 0,
                lastRequestSequence: Int = 0) {
        self.asOf = asOf
        self.rules = rules
        self.assets = assets
        self.components = components
        self.engineers = engineers
        self.parts = parts
        self.alertCounts = alertCounts
        self.issued = issued
        self.closedIDs = closedIDs
        self.openHistoryAssignments = openHistoryAssignments
        self.lastWorkOrderSequence = lastWorkOrderSequence
        self.lastRequestSequence = lastRequestSequence
    }
}

/// The outcome of one night's triggers.
public struct NightPlan: Hashable, Sendable {
    public var workOrders: [PreventiveWorkOrder]
    public var requests: [SparePartRequest]
    public var suppressed: [SuppressedTrigger]

    public init(workOrders: [PreventiveWorkOrder] = [], requests: [SparePartRequest] = [],
                suppressed: [SuppressedTrigger] = []) {
        self.workOrders = workOrders
        self.requests = requests
        self.suppressed = suppressed
    }
}

/// Turns alert counts and component ages into preventive work orders and spare-part requests (SPEC §3).
public enum TriggerPlanner {
    /// A rule firing, before IDs, suppression and engineer suggestion.
    struct Trigger {
        var ruleID: String
        var ruleKind: RuleKind
        var key: String
        var asset: Asset
        var relatedAssets: [String]
        var work: RuleAction
        var evidence: String
        var alertCodes: [String] = []
        var alertDays: Range<LocalDate>?
        /// (part number, batch code, quantity) to request, if any.
        var request: (part: String, batch: String, quantity: Int)?
        /// Rolling-window cooldown in days (alert rules with a rolling window).
        var cooldownDays: Int?
    }

    /// The trigger key of an age rule for one installation (the backtest replay builds the same keys).
    static func ageKey(_ rule: AgeRule, _ c: ComponentInstallation) -> String {
        "\(rule.id)|\(c.assetID)|\(c.slot)|\(c.installedOn)|\(c.serial)"
    }

    /// The trigger key of a batch-age rule for a batch at a site.
    static func batchKey(_ rule: BatchAgeRule, site: String, batch: String) -> String {
        "\(rule.id)|\(site)|\(batch)"
    }

    /// The key of an installation's (asset, slot).
    static func slotKey(_ c: ComponentInstallation) -> String { c.assetID + "\u{1F}" + c.slot }

    /// The current installation per (asset, slot) as of `asOf`: the latest `installed_on` not after it,
    /// ties to the later row.
    public static func currentComponents(_ all: [ComponentInstallation], asOf: LocalDate) -> [ComponentInstallation] {
        var current: [String: ComponentInstallation] = [:]
        for c in all where c.installedOn <= asOf {
            let key = slotKey(c)
            if let existing = current[key], existing.installedOn > c.installedOn { continue }
            current[key] = c
        }
        return current.values.sorted { ($0.assetID, $0.slot) < ($1.assetID, $1.slot) }
    }

    /// Evaluates every rule for the night and returns what to create.
    public static func plan(_ input: NightInputs) -> NightPlan {
        assign(triggers(input), input)
    }

    /// Every rule firing tonight, in the order IDs are assigned (rule, site, asset, key).
    static func triggers(_ input: NightInputs) -> [Trigger] {
        let asOf = input.asOf
        var assetsByID: [String: Asset] = [:]
        for asset in input.assets { assetsByID[asset.assetID] = asset }
        func asset(_ id: String) -> Asset { assetsByID[id] ?? Asset(assetID: id) }

        var triggers: [Trigger] = []
        for rule in input.rules.alertRules {
            let days = rule.window.days(asOf: asOf)
            let counts = input.alertCounts[rule.id] ?? [:]
            // The same for every asset of the rule.
            let windowKey: String
            var cooldown: Int?
            switch rule.window {
            case .calendarMonth: windowKey = asOf.monthText
            case .rolling(let n):
                windowKey = asOf.description
                cooldown = n
            }
            let window: TriggerEvidence.Window = switch rule.window {
            case .calendarMonth: .month(asOf.monthText)
            case .rolling(let n): .rolling(days: n, lastDay: asOf)
            }
            for (assetID, count) in counts where count > Int64(rule.moreThan) {
                triggers.append(Trigger(
                    ruleID: rule.id, ruleKind: .alert, key: "\(rule.id)|\(assetID)|\(windowKey)", asset: asset(assetID),
                    relatedAssets: [], work: rule.work,
                    evidence: TriggerEvidence.alerts(count: count, codes: rule.codes, window: window,
                                                     limit: rule.moreThan).text,
                    alertCodes: rule.codes, alertDays: days, cooldownDays: cooldown))
            }
        }
        let current = input.componentsAreCurrent ? input.components : currentComponents(input.components, asOf: asOf)
        for rule in input.rules.ageRules {
            for c in current where c.componentType == rule.componentType {
                let age = asOf.days(since: c.installedOn)
                guard age >= rule.minAge.days else { continue }
                triggers.append(Trigger(
                    ruleID: rule.id, ruleKind: .age, key: ageKey(rule, c),
                    asset: asset(c.assetID), relatedAssets: [], work: rule.work,
                    evidence: TriggerEvidence.age(componentType: c.componentType, slot: c.slot,
                                                  installedOn: c.installedOn, ageDays: age,
                                                  limit: rule.minAge.text).text,
                    request: c.partNumber.isEmpty ? nil : (c.partNumber, c.batchCode, 1)))
            }
        }
        for rule in input.rules.batchAgeRules {
            var groups: [String: [ComponentInstallation]] = [:]
            for c in current where c.componentType == rule.componentType && !c.batchCode.isEmpty
                && asOf.days(since: c.installedOn) >= rule.minAge.days
            {
                groups[asset(c.assetID).siteID + "\u{1F}" + c.batchCode, default: []].append(c)
            }
            for (_, members) in groups where members.count >= rule.minCount {
                let first = members[0]
                let site = asset(first.assetID).siteID
                let assetIDs = Array(Set(members.map(\.assetID))).sorted()
                let part = mostCommon(members.map(\.partNumber).filter { !$0.isEmpty })
                triggers.append(Trigger(
                    ruleID: rule.id, ruleKind: .batchAge, key: batchKey(rule, site: site, batch: first.batchCode),
                    asset: asset(assetIDs[0]), relatedAssets: assetIDs, work: rule.work,
                    evidence: TriggerEvidence.batch(count: members.count, componentType: rule.componentType,
                                                    batchCode: first.batchCode, siteID: site,
                                                    minAge: rule.minAge.text, minCount: rule.minCount,
                                                    assetIDs: assetIDs).text,
                    request: part.map { ($0, first.batchCode, members.count) }))
            }
        }
        triggers.sort { ($0.ruleID, $0.asset.siteID, $0.asset.assetID, $0.key) < ($1.ruleID, $1.asset.siteID, $1.asset.assetID, $1.key) }
        return triggers
    }

    static func mostCommon(_ values: [String]) -> String? {
        var counts: [String: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.first?.key
    }

    /// Applies de-duplication, cooldown, suppression, IDs, engineer suggestion and part requests, in order.
    ///
    /// Linear in the night's triggers and orders: earlier orders are indexed by (rule, asset) for the cooldown
    /// and open ones by (skill, asset) for suppression, engineers by (skill, region), so a trigger costs a few
    /// lookups rather than a scan of every order and engineer.
    static func assign(_ triggers: [Trigger], _ input: NightInputs) -> NightPlan {
        let asOf = input.asOf
        var plan = NightPlan()
        var open = OpenOrderIndex()
        for order in input.issued where !input.closedIDs.contains(order.id) && order.night <= asOf { open.add(order) }
        let issuedKeys = Set(input.issued.map(\.triggerKey))
        // Per (rule, asset): the earlier orders a rolling window's cooldown looks at.
        var earlier: [RuleAsset: [PreventiveWorkOrder]] = [:]
        for order in input.issued where order.night <= asOf {
            earlier[RuleAsset(rule: order.ruleID, asset: order.assetID), default: []].append(order)
        }
        var engineers = EngineerPool(input.engineers, load: input.openHistoryAssignments)
        for order in open.orders where !order.engineerID.isEmpty { engineers.assign(order.engineerID, tonight: false) }
        var stockLeft: [String: Int] = [:]
        for part in input.parts { stockLeft[part.partNumber] = part.stockOnHand }
        let partsByNumber = Dictionary(input.parts.map { ($0.partNumber, $0) }, uniquingKeysWith: { _, last in last })
        var wdSequence = input.lastWorkOrderSequence
        var prSequence = input.lastRequestSequence

        for trigger in triggers {
            if issuedKeys.contains(trigger.key) { continue }
            if let cooldown = trigger.cooldownDays {
                let blocked = (earlier[RuleAsset(rule: trigger.ruleID, asset: trigger.asset.assetID)] ?? []).contains {
                    !input.closedIDs.contains($0.id) || asOf.days(since: $0.night) < cooldown
                }
                if blocked { continue }
            }
            let skill = trigger.work.skill
            if !skill.isEmpty, let blocking = open.first(skill: skill, asset: trigger.asset.assetID) {
                plan.suppressed.append(SuppressedTrigger(
                    night: asOf, ruleID: trigger.ruleID, triggerKey: trigger.key, assetID: trigger.asset.assetID,
                    siteID: trigger.asset.siteID, skill: skill, evidence: trigger.evidence, blockingID: blocking.id))
                continue
            }
            wdSequence += 1
            let engineer = engineers.suggest(skill: skill, region: trigger.asset.region)
            if let engineer { engineers.assign(engineer, tonight: true) }
            let order = PreventiveWorkOrder(
                id: globalID("WD", asOf, wdSequence), night: asOf, ruleID: trigger.ruleID, ruleKind: trigger.ruleKind,
                triggerKey: trigger.key, assetID: trigger.asset.assetID, siteID: trigger.asset.siteID,
                customerID: trigger.asset.customerID, relatedAssets: trigger.relatedAssets, skill: skill,
                evidence: trigger.evidence, action: trigger.work.action, priority: trigger.work.priority,
                engineerID: engineer ?? "", dueDate: asOf.adding(days: trigger.work.dueIn.days),
                alertCodes: trigger.alertCodes, alertDays: trigger.alertDays)
            plan.workOrders.append(order)
            open.add(order)
            if let request = trigger.request {
                prSequence += 1
                let stock = partsByNumber[request.part]?.stockOnHand ?? 0
                let available = max(0, stockLeft[request.part] ?? 0)
                stockLeft[request.part] = available - request.quantity
                plan.requests.append(SparePartRequest(
                    id: globalID("PR", asOf, prSequence), night: asOf, workOrderID: order.id, partNumber: request.part,
                    batchCode: request.batch, quantity: request.quantity, stockOnHand: stock,
                    shortfall: max(0, request.quantity - available),
                    neededBy: asOf.adding(days: partsByNumber[request.part]?.leadTimeDays ?? 0)))
            }
        }
        return plan
    }

    struct RuleAsset: Hashable {
        var rule: String
        var asset: String
    }

    /// Open pmbatch orders in the order they were opened, with the first one per (skill, asset) — an order
    /// covers its asset and, for a batch order, every asset it lists.
    struct OpenOrderIndex {
        private(set) var orders: [PreventiveWorkOrder] = []
        private var firstBySkillAndAsset: [RuleAsset: Int] = [:]

        mutating func add(_ order: PreventiveWorkOrder) {
            orders.append(order)
            for asset in [order.assetID] + order.relatedAssets {
                let key = RuleAsset(rule: order.skill, asset: asset)
                if firstBySkillAndAsset[key] == nil { firstBySkillAndAsset[key] = orders.count - 1 }
            }
        }

        /// The first open order with `skill` that covers `asset`.
        func first(skill: String, asset: String) -> PreventiveWorkOrder? {
            firstBySkillAndAsset[RuleAsset(rule: skill, asset: asset)].map { orders[$0] }
        }
    }

    /// Engineers grouped by (skill, region) as ``suggestEngineer(skill:region:engineers:load:assignedTonight:)``
    /// filters them, with their open load and tonight's assignments. Each group keeps its engineers in a
    /// min-heap by (load, ID), refreshed lazily (an engineer's load only grows during a night, and one at
    /// capacity leaves the group for the night), so a suggestion costs a few heap steps, not a scan.
    struct EngineerPool {
        private let engineers: [Engineer]
        private var groups: [RuleAsset: EngineerHeap] = [:]
        private(set) var load: [String: Int]
        private(set) var tonight: [String: Int] = [:]

        init(_ engineers: [Engineer], load: [String: Int]) {
            self.engineers = engineers
            self.load = load
        }

        mutating func assign(_ engineerID: String, tonight counts: Bool) {
            load[engineerID, default: 0] += 1
            if counts { tonight[engineerID, default: 0] += 1 }
        }

        /// The same choice as `suggestEngineer`, among the engineers of the (skill, region) group only.
        mutating func suggest(skill: String, region: String) -> String? {
            let key = RuleAsset(rule: skill, asset: region)
            var heap = groups.removeValue(forKey: key) ?? EngineerHeap(engineers.indices.filter { i in
                (skill.isEmpty || engineers[i].skills.contains(skill)) && (region.isEmpty || engineers[i].region == region)
            }.map { EngineerHeap.Entry(load: load[engineers[$0].engineerID] ?? 0, id: engineers[$0].engineerID, index: $0) })
            defer { groups[key] = heap }
            while let top = heap.top {
                let e = engineers[top.index]
                if (tonight[e.engineerID] ?? 0) >= e.dailyCapacity {
                    heap.pop()  // at capacity: out of every suggestion tonight
                    continue
                }
                let current = load[e.engineerID] ?? 0
                if current != top.load {  // assigned since it was pushed (maybe through another group)
                    heap.pop()
                    heap.push(EngineerHeap.Entry(load: current, id: top.id, index: top.index))
                    continue
                }
                return e.engineerID
            }
            return nil
        }
    }

    /// A binary min-heap of engineers by (load, ID).
    struct EngineerHeap {
        struct Entry {
            var load: Int
            var id: String
            var index: Int

            func precedes(_ other: Entry) -> Bool { (load, id) < (other.load, other.id) }
        }

        private var items: [Entry] = []

        init(_ entries: [Entry]) {
            items = entries
            for i in stride(from: items.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        }

        var top: Entry? { items.first }

        mutating func push(_ entry: Entry) {
            items.append(entry)
            var i = items.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard items[i].precedes(items[parent]) else { break }
                items.swapAt(i, parent)
                i = parent
            }
        }

        mutating func pop() {
            guard !items.isEmpty else { return }
            items.swapAt(0, items.count - 1)
            items.removeLast()
            if !items.isEmpty { siftDown(0) }
        }

        private mutating func siftDown(_ start: Int) {
            var i = start
            while true {
                let left = 2 * i + 1, right = left + 1
                var best = i
                if left < items.count, items[left].precedes(items[best]) { best = left }
                if right < items.count, items[right].precedes(items[best]) { best = right }
                if best == i { return }
                items.swapAt(i, best)
                i = best
            }
        }
    }

    /// `WD2026112400001`-style IDs.
    public static func globalID(_ prefix: String, _ date: LocalDate, _ sequence: Int) -> String {
        prefix + date.compactText + pad(sequence, 5)
    }

    /// An engineer whose skills contain `skill`, in `region` when it is known, with the fewest open
    /// assignments (`load`: open history orders and open pmbatch orders), among those given fewer than
    /// their `daily_capacity` orders tonight (`assignedTonight`); ties by engineer ID. nil when none qualifies.
    ///
    /// Daily capacity limits how many new orders one night hands to an engineer; the open load only ranks.
    public static func suggestEngineer(skill: String, region: String, engineers: [Engineer],
                                       load: [String: Int], assignedTonight: [String: Int] = [:]) -> String? {
        engineers
            .filter { e in
                (skill.isEmpty || e.skills.contains(skill)) && (region.isEmpty || e.region == region)
                    && (assignedTonight[e.engineerID] ?? 0) < e.dailyCapacity
            }
            .min { ((load[$0.engineerID] ?? 0), $0.engineerID) < ((load[$1.engineerID] ?? 0), $1.engineerID) }?
            .engineerID
    }
}
