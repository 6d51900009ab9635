import PMBatchConfig
import PMBatchCore
import PMBatchStore

/// What the triggers decided for one night.
struct NightResult {
    var asOf: LocalDate
    var plan: NightPlan
    /// True when the night had been evaluated before (a re-run): nothing new was created.
    var alreadyEvaluated: Bool
    /// Earlier nights evaluated first to catch up (a fresh state replays from the first drop).
    var caughtUp: [LocalDate]
}

/// Step 2 of the night (SPEC §2, §3): evaluates the trigger rules and records preventive work orders,
/// spare-part requests and suppressed triggers in the state.
///
/// A state evaluates nights in order. On a fresh state the nights from the earliest drop date up to the
/// as-of date are evaluated in turn, so that "what was already issued" — and therefore every ID, cooldown
/// and suppression — is the same whether a night is replayed alone on a fresh state or after its
/// predecessors.
struct TriggerJob {
    var asOf: LocalDate
    var rules: LoadedRules
    /// Shows the nights evaluated on a catch-up (stderr, terminals only).
    var progress = Progress(enabled: false)

    func run(on store: StateStore) throws -> NightResult {
        let processed = try store.processedNights()
        if processed.contains(asOf) {
            return NightResult(asOf: asOf, plan: try Self.recordedPlan(asOf, store: store), alreadyEvaluated: true,
                               caughtUp: [])
        }
        if let first = processed.first, asOf < first {
            throw PMBatchFailure.configuration(
                "this state holds nights from \(first) on; to reproduce the earlier night \(asOf), "
                    + "run with a fresh state (--db NEW.sqlite)")
        }
        let start: LocalDate
        if let last = processed.last {
            start = last.adding(days: 1)
        } else {
            let drops = try store.manifest().filter { $0.status == .ok }.compactMap(\.dropDate)
            start = min(drops.min() ?? asOf, asOf)
        }
        var caughtUp: [LocalDate] = []
        var night = start
        var plan = NightPlan()
        progress.begin("triggers", totalFiles: asOf.days(since: start) + 1, totalBytes: 0, unit: "nights")
        defer { progress.end() }
        while night <= asOf {
            let evaluating = night
            defer { progress.advance(file: evaluating.description, bytes: 0) }
            plan = try Self.evaluate(night, rules: rules.ruleSet, store: store)
            try store.recordNight(night, plan: plan, rulesDigest: rules.digest) {
                FaultInjection.point("trigger.inside-transaction")
            }
            FaultInjection.point("trigger.after-commit")
            if night < asOf { caughtUp.append(night) }
            night = night.adding(days: 1)
        }
        return NightResult(asOf: asOf, plan: plan, alreadyEvaluated: false, caughtUp: caughtUp)
    }

    /// The plan recorded for a night already evaluated.
    static func recordedPlan(_ night: LocalDate, store: StateStore) throws -> NightPlan {
        NightPlan(workOrders: try store.preventiveWorkOrders(through: night).filter { $0.night == night },
                  requests: try store.sparePartRequests(through: night).filter { $0.night == night },
                  suppressed: try store.suppressedTriggers(night: night))
    }

    /// Gathers one night's inputs from the state (only files dropped by then, only times before its
    /// cutoff) and runs the pure planner.
    static func evaluate(_ night: LocalDate, rules: RuleSet, store: StateStore) throws -> NightPlan {
        let cutoff = rules.zone.startOfDay(night.adding(days: 1))
        var counts: [String: [String: Int64]] = [:]
        for rule in rules.alertRules {
            counts[rule.id] = try store.alertCounts(codes: rule.codes, days: rule.window.days(asOf: night),
                                                    asOf: night)
        }
        let issued = try store.preventiveWorkOrders(through: night)
        let history = WorkOrderHistory.build(headers: try store.workOrderHeaders(asOf: night),
                                             events: try store.events(asOf: night, before: cutoff), rules: rules)
        let issuedIDs = Set(issued.map(\.id))
        // pmbatch's own open orders are counted by the planner; here only the history's.
        let historyLoad = WorkOrderHistory(orders: history.orders.filter { !issuedIDs.contains($0.header.woID) })
            .openAssignments
        let input = NightInputs(
            asOf: night, rules: rules, assets: try store.assets(asOf: night),
            components: try store.components(asOf: night), engineers: try store.engineers(asOf: night),
            parts: try store.parts(asOf: night), alertCounts: counts, issued: issued,
            closedIDs: history.closedIDs, openHistoryAssignments: historyLoad,
            lastWorkOrderSequence: try store.lastSequence(prefix: "WD", date: night),
            lastRequestSequence: try store.lastSequence(prefix: "PR", date: night))
        return TriggerPlanner.plan(input)
    }
}
