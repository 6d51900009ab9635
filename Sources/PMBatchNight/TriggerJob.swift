import Foundation
import PMBatchConfig
import PMBatchCore
import PMBatchReport
import PMBatchStore

/// A night that was not evaluated because its inputs have not arrived (SPEC §2 "Waiting for data").
public struct WaitingNight: Equatable, Sendable {
    public var night: LocalDate
    /// The required kinds with no usable drop for the night.
    public var missing: [FileKind]
    /// The newest drop read successfully of each missing kind (absent: none yet).
    public var newestDrop: [FileKind: LocalDate]
    /// Files of the missing kinds dropped for the night but rejected.
    public var rejected: [String]
    public var withinDays: Int

    /// One line a person understands.
    public var message: String {
        let kinds = missing.map(\.rawValue).joined(separator: " or ")
        if !rejected.isEmpty {
            return "the \(kinds) drop for \(night) was rejected (\(rejected.joined(separator: ", "))); the night "
                + "was not evaluated and will be when the file is fixed"
        }
        let newest = missing.map { kind in
            let date = newestDrop[kind].map(\.description) ?? "none yet"
            return missing.count == 1 ? date : "\(kind.rawValue) \(date)"
        }.joined(separator: ", ")
        let within = withinDays > 1 ? " or the \(withinDays - 1) day\(withinDays == 2 ? "" : "s") before" : ""
        return "no \(kinds) drop for \(night)\(within) (newest: \(newest)); the night was not evaluated and will "
            + "be when its data arrives"
    }
}

/// What the triggers decided.
public struct NightResult: Sendable {
    public var asOf: LocalDate
    /// The night the state went live: earlier nights are history, never evaluated.
    public var firstNight: LocalDate
    /// Nights evaluated by this call, oldest first, with their plans (the as-of night last, when evaluated).
    public var evaluated: [(night: LocalDate, plan: NightPlan)]
    /// The as-of night's plan: new, or recorded when the night had been evaluated before; empty when waiting.
    public var plan: NightPlan
    /// True when the as-of night had been evaluated before (a re-run): nothing new was created.
    public var alreadyEvaluated: Bool
    /// The first night that waits for its data (it and every later night up to the as-of date were not
    /// evaluated); nil when the as-of night is evaluated.
    public var waiting: WaitingNight?

    /// Earlier nights evaluated first to catch up.
    public var caughtUp: [LocalDate] { evaluated.map(\.night).filter { $0 < asOf } }
}

/// Step 2 of the night (SPEC §2, §3): evaluates the trigger rules and records preventive work orders,
/// spare-part requests and suppressed triggers in the state.
///
/// A state evaluates nights in order, from the night it went live (`first_night`, recorded in the state:
/// `--first-night`, else the first as-of date it is asked for). Nights before it are history used as data,
/// never evaluated, so a first deployment issues tonight's orders only. Nights missed since the last one
/// evaluated are caught up in order; a night whose inputs have not arrived (see ``RuleSet/freshness``)
/// stops the catch-up there, and is evaluated by a later run once they have.
public struct TriggerJob {
    public var asOf: LocalDate
    public var rules: LoadedRules
    /// `--first-night`: the night to go live on a fresh state (must match the state's otherwise).
    public var firstNight: LocalDate?
    /// Shows the nights evaluated on a catch-up.
    public var progress: any NightProgress
    /// Reads what the triggers need of earlier orders and the history (the tests swap in a whole-history
    /// reference).
    var readHistory: (_ store: any NightState, _ night: LocalDate, _ cutoff: Instant, _ rules: RuleSet) throws
        -> TriggerHistory = TriggerHistory.read

    /// Memberwise.
    public init(asOf: LocalDate, rules: LoadedRules, firstNight: LocalDate? = nil,
                progress: any NightProgress = SilentProgress()) {
        self.asOf = asOf
        self.rules = rules
        self.firstNight = firstNight
        self.progress = progress
    }

    /// Evaluates the nights due up to the as-of date, in order (see the type's comment).
    public func run(on store: any NightState) throws -> NightResult {
        let processed = try store.processedNights()
        let live = try goLive(store: store, processed: processed)
        if processed.contains(asOf) {
            return NightResult(asOf: asOf, firstNight: live, evaluated: [],
                               plan: try Self.recordedPlan(asOf, store: store), alreadyEvaluated: true, waiting: nil)
        }
        let start = processed.last.map { $0.adding(days: 1) } ?? live
        let manifest = try store.manifest()
        var result = NightResult(asOf: asOf, firstNight: live, evaluated: [], plan: NightPlan(),
                                 alreadyEvaluated: false, waiting: nil)
        var night = start
        progress.begin("triggers", totalFiles: asOf.days(since: start) + 1, totalBytes: 0, unit: "nights")
        defer { progress.end() }
        while night <= asOf {
            if let waiting = Self.waiting(night, freshness: rules.ruleSet.freshness, manifest: manifest) {
                result.waiting = waiting
                break
            }
            let evaluating = night
            defer { progress.advance(file: evaluating.description, bytes: 0) }
            let plan = try Self.evaluate(night, rules: rules.ruleSet, store: store, readHistory: readHistory)
            try store.recordNight(night, plan: plan, rulesDigest: rules.digest) {
                FaultInjection.point("trigger.inside-transaction")
            }
            FaultInjection.point("trigger.after-commit")
            result.evaluated.append((night, plan))
            if night == asOf { result.plan = plan }
            night = night.adding(days: 1)
        }
        return result
    }

    /// `pmbatch analyze`: evaluates the nights due and exports the orders of every night evaluated and not yet
    /// exported (caught up now, or by a run that died before writing) into `OUT/<night>/`; the as-of night's
    /// always (a re-run exports the recorded ones again).
    public func runAndExport(on store: any NightState, outputRoot: String) throws(NightFailure) -> NightResult {
        do {
            let result = try run(on: store)
            var nights = try store.nightsAwaitingOutput().filter { $0 < asOf }
            if result.waiting == nil { nights.append(asOf) }
            for night in nights {
                let plan = night == asOf ? result.plan : try Self.recordedPlan(night, store: store)
                try OutputWriter(directory: (outputRoot as NSString).appendingPathComponent(night.description))
                    .write(Self.exports(plan))
                try store.markNightWritten(night)
            }
            return result
        } catch let failure as NightFailure {
            throw failure
        } catch {
            throw .cannotComplete("\(error)")
        }
    }

    /// The ERP/CRM import files of a night's plan.
    static func exports(_ plan: NightPlan) -> [(name: String, contents: String)] {
        [("preventive_work_orders.csv", CSVExport.preventiveWorkOrdersCSV(plan.workOrders)),
         ("spare_part_requests.csv", CSVExport.sparePartRequestsCSV(plan.requests))]
    }

    /// The night the state went live, recorded on first use: `--first-night`, else the as-of date (a state
    /// from before first nights were recorded went live on its first evaluated night).
    private func goLive(store: any NightState, processed: [LocalDate]) throws -> LocalDate {
        let live: LocalDate
        if let recorded = try store.firstNight() ?? processed.first {
            if let firstNight, firstNight != recorded {
                throw NightFailure.configuration(
                    "this state went live on \(recorded), not on --first-night \(firstNight); to replay from "
                        + "\(firstNight), run with a fresh state (--db NEW.sqlite)")
            }
            live = recorded
        } else {
            live = firstNight ?? asOf
        }
        if asOf < live {
            throw NightFailure.configuration(
                "this state went live on \(live) and never evaluates earlier nights; to reproduce the night "
                    + "\(asOf), run with a fresh state (--db NEW.sqlite --first-night D)")
        }
        if try store.firstNight() == nil { try store.setFirstNight(live) }
        return live
    }

    /// Why `night` cannot be evaluated yet (nil when its inputs have arrived): some required kind has no
    /// file read successfully whose drop date counts for the night.
    static func waiting(_ night: LocalDate, freshness: Freshness, manifest: [ManifestEntry]) -> WaitingNight? {
        var missing: [FileKind] = []
        var newest: [FileKind: LocalDate] = [:]
        var rejected: [String] = []
        for kind in freshness.required {
            let files = manifest.filter { $0.kind == kind && $0.isVisible(asOf: night) }
            let ok = files.filter { $0.status == .ok }
            if ok.contains(where: { freshness.counts(dropDate: $0.dropDate, for: night) }) { continue }
            missing.append(kind)
            if let date = ok.compactMap(\.dropDate).max() { newest[kind] = date }
            rejected += files.filter { $0.status == .rejected && freshness.counts(dropDate: $0.dropDate, for: night) }
                .map(\.path)
        }
        guard !missing.isEmpty else { return nil }
        return WaitingNight(night: night, missing: missing, newestDrop: newest, rejected: rejected.sorted(),
                            withinDays: freshness.withinDays)
    }

    /// The plan recorded for a night already evaluated.
    static func recordedPlan(_ night: LocalDate, store: any NightState) throws -> NightPlan {
        NightPlan(workOrders: try store.preventiveWorkOrders(through: night).filter { $0.night == night },
                  requests: try store.sparePartRequests(through: night).filter { $0.night == night },
                  suppressed: try store.suppressedTriggers(night: night))
    }

    /// Gathers one night's inputs from the state (only files dropped by then, only times before its
    /// cutoff) and runs the pure planner.
    static func evaluate(
        _ night: LocalDate, rules: RuleSet, store: any NightState,
        readHistory: (any NightState, LocalDate, Instant, RuleSet) throws -> TriggerHistory = TriggerHistory.read
    ) throws -> NightPlan {
        let cutoff = rules.zone.startOfDay(night.adding(days: 1))
        let aggregates = try alertAggregates(night, rules: rules, store: store)
        let counts = alertCounts(night, rules: rules, index: AlertCountIndex(aggregates))
        // Only the earlier orders a trigger can still meet, and the history's open load (not all of history).
        let history = try readHistory(store, night, cutoff, rules)
        var input = NightInputs(
            asOf: night, rules: rules, assets: try store.assets(asOf: night),
            components: try store.currentComponents(asOf: night), engineers: try store.engineers(asOf: night),
            parts: try store.parts(asOf: night), alertCounts: counts, issued: history.issued,
            closedIDs: history.closedIDs, openHistoryAssignments: history.openHistoryAssignments,
            lastWorkOrderSequence: try store.lastSequence(prefix: "WD", date: night),
            lastRequestSequence: try store.lastSequence(prefix: "PR", date: night))
        input.componentsAreCurrent = true
        var plan = TriggerPlanner.plan(input)
        try noteLateInput(&plan, night: night, rules: rules, aggregates: aggregates, store: store)
        return plan
    }

    /// The daily aggregates of every alert rule's codes over the widest window of the night, visible as of
    /// it: read once a night, counted in Core by the same ``AlertCountIndex`` the backtest uses.
    static func alertAggregates(_ night: LocalDate, rules: RuleSet, store: any NightState) throws
        -> [AlertCountIndex.Aggregate]
    {
        guard let first = rules.alertRules.map({ $0.window.days(asOf: night).lowerBound }).min() else { return [] }
        return try store.alertAggregates(codes: rules.alertRules.flatMap(\.codes), days: first..<night.adding(days: 1),
                                         asOf: night)
    }

    /// Per alert rule, the alerts per asset in the rule's window of `night` (assets with none absent).
    static func alertCounts(_ night: LocalDate, rules: RuleSet, index: AlertCountIndex) -> [String: [String: Int64]] {
        var counts: [String: [String: Int64]] = [:]
        for rule in rules.alertRules {
            counts[rule.id] = index.counts(codes: rule.codes, days: rule.window.days(asOf: night), droppedBy: night)
        }
        return counts
    }

    /// Marks the alert orders that would not have fired on the alerts that were there on the night of their
    /// day: their evidence needed alerts dropped later, or from a file that arrived, was fixed or was
    /// replaced after its night had been evaluated (SPEC §2: such an order comes a night late, under
    /// tonight's ID, and the report says why).
    static func noteLateInput(_ plan: inout NightPlan, night: LocalDate, rules: RuleSet,
                              aggregates: [AlertCountIndex.Aggregate], store: any NightState) throws {
        // Only assets with some alert that was not there on its night can have such an order.
        var suspects: [String: [AlertCountIndex.Aggregate]] = [:]
        for a in aggregates where !a.wasThereOnItsNight { suspects[a.assetID] = [] }
        guard !suspects.isEmpty else { return }
        for a in aggregates where suspects[a.assetID] != nil { suspects[a.assetID]!.append(a) }
        for index in plan.workOrders.indices where plan.workOrders[index].ruleKind == .alert {
            let order = plan.workOrders[index]
            guard let own = suspects[order.assetID],
                  let rule = rules.alertRules.first(where: { $0.id == order.ruleID }) else { continue }
            let days = rule.window.days(asOf: night)
            let inTime = AlertCountIndex.inTimeCount(own, codes: rule.codes, assetID: order.assetID, days: days)
            guard inTime <= Int64(rule.moreThan) else { continue }
            let sources = try store.lateAlertSources(codes: rule.codes, days: days, asOf: night, assetID: order.assetID)
            plan.workOrders[index].lateInput = sources.map(Self.describe).joined(separator: "; ")
        }
    }

    /// One late source in words, e.g. "telemetry/2026-11-26/a.csv: 3 alerts of 2026-11-22 dropped 2026-11-26".
    static func describe(_ s: LateAlertSource) -> String {
        let alerts = "\(s.alerts) alert\(s.alerts == 1 ? "" : "s") from \(s.firstDay)"
        switch s.arrival {
        case .inTime: return "\(s.path): \(alerts) dropped \(s.dropDate.map(\.description) ?? "late")"
        case .late(let after): return "\(s.path): \(alerts), arrived after night \(after) was evaluated"
        case .fixed(let after): return "\(s.path): \(alerts), fixed after night \(after) was evaluated"
        case .replaced(let after): return "\(s.path): \(alerts), replaced after night \(after) was evaluated"
        }
    }
}
