import Foundation
import PMBatchConfig
import PMBatchCore
import PMBatchReport
import PMBatchStore

/// Step 3 of the night (SPEC §4): gathers the night's figures from the state into a `NightReport` and
/// renders the report files. Everything comes from the state as of the night (files dropped by then,
/// times before its cutoff), so a re-run against an archive gives the same bytes.
public struct ReportJob {
    public var asOf: LocalDate
    public var rules: LoadedRules
    public var language: Language
    public var periodDays: Int
    /// The rules' name check for this night when the caller already made it (the nightly run logs it first).
    var ruleFindings: [RuleNameFinding]?
    /// Reads the work-order history of the report's periods (the tests swap in a whole-history reference).
    var readHistory: (_ store: any NightState, _ asOf: LocalDate, _ cutoff: Instant, _ periods: [Period],
                      _ rules: RuleSet) throws -> ReportHistory = ReportHistory.read

    /// Memberwise.
    public init(asOf: LocalDate, rules: LoadedRules, language: Language, periodDays: Int = 30) {
        self.asOf = asOf
        self.rules = rules
        self.language = language
        self.periodDays = periodDays
    }

    /// `pmbatch report`: writes the report of a night the state has evaluated, from its recorded plan.
    public func writeEvaluatedNight(from store: any NightState, outputRoot: String) throws(NightFailure)
        -> (report: NightReport, folder: String)
    {
        do {
            guard try store.processedNights().contains(asOf) else {
                throw NightFailure.configuration("night \(asOf) has not been analyzed in this state; run "
                                                 + "`pmbatch analyze` (or `pmbatch run`) first")
            }
            return try write(from: store, plan: try TriggerJob.recordedPlan(asOf, store: store), outputRoot: outputRoot)
        } catch let failure as NightFailure {
            throw failure
        } catch {
            throw .cannotComplete("\(error)")
        }
    }

    /// How many periods the KPI trend shows (SPEC §4 trend; issue 15: the last 12).
    var trendPeriods = 12
    /// Whether figures kept by earlier reports are reused and tonight's kept (the tests compare both ways).
    var usesKPICache = true

    /// How many rows the fleet-health lists show.
    static let listLength = 10

    func build(from store: any NightState, plan: NightPlan) throws -> NightReport {
        let ruleSet = rules.ruleSet
        let zone = ruleSet.zone
        let cutoff = zone.startOfDay(asOf.adding(days: 1))
        let manifest = try store.manifest().filter { $0.isVisible(asOf: asOf) }
        let period = Period.days(periodDays, endingWith: asOf, zone: zone)
        let previousPeriod = Period.days(periodDays, endingWith: asOf.adding(days: -periodDays), zone: zone)
        let baselinePeriod = ruleSet.kpi.baseline.map {
            Period.days(from: $0.lowerBound, through: $0.upperBound, zone: zone)
        }
        // Every KPI computation the report shows: the baseline, the previous period (both judged as the summary
        // judges them), the trend's (the last `trendPeriods`, each judged as the night of its end judged it)
        // and tonight's period, which is the trend's newest.
        var computations: [KPIComputation] = []
        func add(_ c: KPIComputation) { if !computations.contains(c) { computations.append(c) } }
        if let baselinePeriod { add(KPIComputation(period: baselinePeriod, baseline: nil)) }
        add(KPIComputation(period: previousPeriod, baseline: baselinePeriod))
        let trendComputations = KPICalculator.trendComputations(count: trendPeriods, days: self.periodDays,
                                                                endingWith: asOf, zone: zone, baseline: baselinePeriod)
        trendComputations.forEach(add)
        let currentComputation = KPIComputation(period: period, baseline: baselinePeriod ?? previousPeriod)
        add(currentComputation)

        let assets = try store.assets(asOf: asOf)
        let engineers = try store.engineers(asOf: asOf)
        let failures = try store.failures(asOf: asOf)
        // Figures an earlier report computed and nothing has changed since are reused (issue 12).
        let cache = try usesKPICache ? store.kpiCache.map {
            try PeriodKPICache(storage: $0, asOf: asOf, rulesDigest: rules.digest, engineers: engineers,
                               assetCount: assets.count, failures: failures)
        } : nil
        var periods: [Period] = []
        for c in computations where !periods.contains(c.period) { periods.append(c.period) }
        // Each period's figures without a baseline: kept, or computed from the history read below.
        // Yesterday's period too, for the cache only: the night 30 days on shows it as its previous period, and
        // tonight is the first night it is complete (the drop after a day brings that day's last events), so
        // kept now it stays valid unless input reaching back before its end comes later.
        let yesterday = Period.days(periodDays, endingWith: asOf.adding(days: -1), zone: zone)
        let kept = try cache?.lookup(periods + [yesterday]) ?? [:]
        var raw = kept
        let missing = periods.filter { raw[$0] == nil } + (cache != nil && kept[yesterday] == nil ? [yesterday] : [])

        // The history of tonight's period and of the periods still to compute only (and older orders still
        // open or complete but not closed at their ends).
        let window = try readHistory(store, asOf, cutoff, [period] + missing.filter { $0 != period }, ruleSet)
        let orders = window.preventiveOrders
        let history = Self.historyWithPreventiveOrders(window.history, orders: orders, zone: zone)
        let input = KPIInput(history: history, rules: ruleSet, engineers: engineers, failures: failures,
                             assetCount: assets.count, preventiveOrders: orders)
        var computed: [Period: PeriodKPIs] = [:]
        for p in missing { computed[p] = KPICalculator.compute(input, period: p, baseline: nil) }
        raw.merge(computed) { kept, _ in kept }
        try cache?.store(computed, periods: periods + [yesterday])
        var figures: [KPIComputation: PeriodKPIs] = [:]
        for c in computations {
            figures[c] = KPICalculator.judge(raw[c.period]!, against: c.baseline.flatMap { raw[$0] }, rules: ruleSet)
        }

        let baseline = baselinePeriod.map { figures[KPIComputation(period: $0, baseline: nil)]! }
        let previous = figures[KPIComputation(period: previousPeriod, baseline: baselinePeriod)]!
        let trend = trendComputations.suffix(trendPeriods).map { figures[$0]! }
        let current = figures[currentComputation]!

        let periodDays = period.firstDay..<asOf.adding(days: 1)
        // `closedIDs` is computed over the whole history: once, not once per order.
        let closedIDs = history.closedIDs
        let fleet = Self.fleetHealth(totals: try store.alertTotals(days: periodDays, asOf: asOf), assets: assets,
                                     nearestLimit: try store.currentComponentsNearestLimit(
                                         asOf: asOf, limitDays: ruleSet.minimumAgeDaysByComponentType,
                                         count: Self.listLength),
                                     openOrders: orders.filter { !closedIDs.contains($0.id) },
                                     rules: ruleSet, asOf: asOf)
        let topAssets = fleet.topAssets.prefix(3).map(\.assetID)
        let alertSeries = try topAssets.map { id in
            var perDay: [LocalDate: Int64] = [:]
            for d in try store.dailyAlerts(days: periodDays, asOf: asOf, assetID: id) { perDay[d.day, default: 0] += d.count }
            return NamedSeries(label: id, points: (0..<self.periodDays).map { offset in
                let day = period.firstDay.adding(days: offset)
                return DailyPoint(date: day, value: Double(perDay[day] ?? 0))
            })
        }
        let charts = ChartData(firstUpdate: KPICalculator.dailyFirstUpdateMinutes(input, period: period),
                               closures: KPICalculator.dailyTechnicalClosures(input, period: period),
                               alertsByAsset: alertSeries)

        let nightsOfPeriod = period.firstDay...asOf
        let activeRules = ActiveRule.table(
            rules: ruleSet, findings: try ruleFindings ?? Self.ruleNameFindings(ruleSet, store: store, asOf: asOf),
            ordersTonight: plan.workOrders, ordersInPeriod: orders.filter { nightsOfPeriod.contains($0.night) },
            suppressedInPeriod: try store.suppressedTriggerCounts(nights: nightsOfPeriod))

        let tallies = try store.quarantineTallies()
        func quality(_ entries: [ManifestEntry], unmapped: [StatusCount]) -> DataQualitySummary {
            let paths = Set(entries.map(\.path))
            var byReason: [QuarantineReason: Int] = [:]
            for t in tallies where paths.contains(t.path) {
                if let reason = t.reason { byReason[reason, default: 0] += t.count }
            }
            return DataQualitySummary(
                files: entries.count(where: { $0.status == .ok }),
                rows: entries.reduce(0) { $0 + $1.rowsRead },
                quarantined: byReason.sorted { $0.key < $1.key }.map { QuarantineCount(reason: $0.key, count: $0.value) },
                rejectedFiles: entries.filter { $0.status == .rejected }.map { RejectedFile(path: $0.path, message: $0.error) },
                unmappedStatuses: unmapped,
                duplicatesSkipped: entries.reduce(0) { $0 + $1.duplicatesSkipped })
        }
        let tonight = manifest.filter { $0.dropDate == nil || $0.dropDate == asOf }
        let unmapped = window.unmappedStatuses.map { StatusCount(status: $0.status, count: $0.count) }
        let dataQuality = DataQuality(night: quality(tonight, unmapped: []), toDate: quality(manifest, unmapped: unmapped))
        // The run status of an evaluated night: some file visible to it rejected, or not.
        let status: RunStatus = manifest.contains { $0.status == .rejected } ? .inputRejected : .ok

        let header = ReportHeader(
            asOf: asOf,
            dataSeen: DataSeen(files: manifest.count(where: { $0.status == .ok }),
                               rows: manifest.reduce(0) { $0 + $1.rowsRead }, assets: assets.count,
                               workOrders: window.workOrderCount, events: window.eventCount),
            rulesDigest: rules.digest, programVersion: PMBatchVersion.current, timeZone: zone.identifier,
            language: language, firstNight: try store.firstNight())
        var report = NightReport(
            header: header, current: current, previous: previous, baseline: baseline, thresholds: ruleSet.kpi,
            closureAudit: KPICalculator.closureAudit(history, period: period),
            preventiveWorkOrders: plan.workOrders, sparePartRequests: plan.requests,
            suppressedTriggers: plan.suppressed, activeRules: activeRules, fleetHealth: fleet,
            dataQuality: dataQuality, charts: charts, status: status.rawValue,
            exitCode: status.exitCode)
        report.trend = trend
        return report
    }

    /// Which rules name alert codes or component types the state does not know as of `asOf` (visible files
    /// only, so a re-run of the night finds the same).
    static func ruleNameFindings(_ rules: RuleSet, store: any NightState, asOf: LocalDate) throws -> [RuleNameFinding] {
        RuleNameCheck.check(rules, knownCodes: Set(try store.knownAlertCodes(asOf: asOf)),
                            knownComponentTypes: Set(try store.knownComponentTypes(asOf: asOf)))
    }

    /// Builds the night's report and writes its files into `outputRoot/<as-of>/`; returns the report and
    /// that folder.
    func write(from store: any NightState, plan: NightPlan, outputRoot: String) throws
        -> (report: NightReport, folder: String)
    {
        let built = try build(from: store, plan: plan)
        let folder = (outputRoot as NSString).appendingPathComponent(asOf.description)
        try OutputWriter(directory: folder).write(files(for: built))
        return (built, folder)
    }

    /// Every file of `OUT/<as-of>/`.
    func files(for report: NightReport) -> [(name: String, contents: String)] {
        let charts = SVGChart.render(report, language: language)
        var files: [(name: String, contents: String)] = [
            ("report.md", MarkdownReport.render(report, language: language)),
            ("report.html", HTMLReport.render(report, language: language, charts: charts)),
            ("run.json", RunJSON.render(report)),
        ]
        files += TriggerJob.exports(NightPlan(workOrders: report.preventiveWorkOrders,
                                              requests: report.sparePartRequests))
        for chart in charts { files.append((chart.fileName, chart.svg)) }
        return files
    }

    /// Adds pmbatch's own work orders to the history as preventive orders created at their night's cutoff,
    /// keeping whatever the field app reported on them under their WD ID.
    static func historyWithPreventiveOrders(_ history: WorkOrderHistory, orders: [PreventiveWorkOrder],
                                            zone: ZoneRules) -> WorkOrderHistory {
        var byID: [String: WorkOrderTimeline] = [:]
        for o in history.orders { byID[o.header.woID] = o }
        for o in orders {
            let header = WorkOrderHeader(
                woID: o.id, createdAt: zone.startOfDay(o.night.adding(days: 1)), assetID: o.assetID,
                customerID: o.customerID, channel: "preventive", faultCode: "", kind: "preventive",
                priority: o.priority, engineerID: o.engineerID, description: o.evidence)
            byID[o.id] = WorkOrderTimeline(header: header, events: byID[o.id]?.events ?? [])
        }
        var merged = history
        merged.orders = byID.keys.sorted().map { byID[$0]! }
        return merged
    }

    /// A component type on an asset: what an age or batch-age order covers.
    struct TypeAsset: Hashable {
        var type: String
        var asset: String
    }

    /// For each (component type, asset) an open order covers, the oldest such order (by night, then ID): an
    /// order of an age or batch-age rule covers the rule's component type on its asset and, for a batch
    /// order, on every asset it lists. Alert-rule orders cover no component.
    static func coveringOrders(_ open: [PreventiveWorkOrder], rules: RuleSet) -> [TypeAsset: String] {
        var typeOfRule: [String: String] = [:]
        for rule in rules.ageRules { typeOfRule[rule.id] = rule.componentType }
        for rule in rules.batchAgeRules { typeOfRule[rule.id] = rule.componentType }
        var covering: [TypeAsset: String] = [:]
        for order in open.sorted(by: { ($0.night, $0.id) < ($1.night, $1.id) }) {
            guard order.ruleKind != .alert, let type = typeOfRule[order.ruleID] else { continue }
            for asset in [order.assetID] + order.relatedAssets where covering[TypeAsset(type: type, asset: asset)] == nil {
                covering[TypeAsset(type: type, asset: asset)] = order.id
            }
        }
        return covering
    }

    /// Assets with the most alerts in the period, and current components nearest their age limits.
    static func fleetHealth(totals alertTotals: [(assetID: String, code: String, count: Int64)], assets: [Asset],
                            nearestLimit components: [ComponentInstallation], openOrders: [PreventiveWorkOrder] = [],
                            rules: RuleSet, asOf: LocalDate) -> FleetHealth {
        var totals: [String: [String: Int64]] = [:]
        for d in alertTotals { totals[d.assetID, default: [:]][d.code, default: 0] += d.count }
        let sites = Dictionary(assets.map { ($0.assetID, $0.siteID) }, uniquingKeysWith: { _, last in last })
        let top = totals.map { asset, codes -> AssetAlertSummary in
            let best = codes.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.first!
            return AssetAlertSummary(assetID: asset, siteID: sites[asset] ?? "", alerts: Int(codes.values.reduce(0, +)),
                                     topCode: best.key, topCodeAlerts: Int(best.value))
        }
        .sorted { ($1.alerts, $0.assetID) < ($0.alerts, $1.assetID) }
        let limits = rules.minimumAgeDaysByComponentType
        let covering = coveringOrders(openOrders, rules: rules)
        // `components` are the current installations nearest their limit already (the state picks them).
        let aging = components.compactMap { c -> ComponentAgeEntry? in
            guard let limit = limits[c.componentType] else { return nil }
            return ComponentAgeEntry(assetID: c.assetID, slot: c.slot, componentType: c.componentType,
                                     installedOn: c.installedOn, ageDays: asOf.days(since: c.installedOn),
                                     limitDays: limit,
                                     coveringOrderID: covering[TypeAsset(type: c.componentType, asset: c.assetID)])
        }
        .sorted { ($0.daysLeft, $0.assetID, $0.slot) < ($1.daysLeft, $1.assetID, $1.slot) }
        return FleetHealth(topAssets: Array(top.prefix(listLength)), agingComponents: Array(aging.prefix(listLength)))
    }
}
