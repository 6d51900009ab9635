import Foundation
import PMBatchConfig
import PMBatchCore
import PMBatchStore

/// The KPI figures of a report's periods, reused from earlier reports where nothing they depend on changed
/// (issue 12: the trend shows 12 periods, and computing them all every night made a night's cost grow with
/// the history they span).
///
/// What is kept is a period's figures computed without a baseline; a report judges them against whatever it
/// judges the period against (``KPICalculator/judge(_:against:rules:)``). They depend on
/// - the work orders created, and events stamped, before the period's end (each period is computed as if its
///   end were the cutoff) — the state tells whether work-order input reaching before that end arrived or went
///   since (``KPICacheStorage/workOrderInputChanged(since:asOf:)``);
/// - the rules (their digest), the engineers (IDs and capacities), the number of assets, the failures in the
///   period, the program version — kept as the entry's context and compared;
/// - pmbatch's own orders issued before the period's end: written once, night by night in order, never
///   rewritten.
///
/// Figures are reused only when all of this is unchanged; then they equal what computing them again gives
/// (`PeriodKPICacheTests` checks it report by report, night by night, with late, replaced and re-sent input).
struct PeriodKPICache {
    /// Bumped when what a computation gives changes without the program version changing (tests, builds).
    static let format = "kpi-cache-1"

    let storage: any KPICacheStorage
    let asOf: LocalDate
    /// What the state held of work-order input before anything was read: entries stored tonight carry it.
    let stamp: KPICacheStamp
    private let context: String
    private let failures: [Failure]

    init(storage: any KPICacheStorage, asOf: LocalDate, rulesDigest: String, engineers: [Engineer],
         assetCount: Int, failures: [Failure]) throws {
        self.storage = storage
        self.asOf = asOf
        self.stamp = try storage.kpiCacheStamp(asOf: asOf)
        let crew = engineers.map { "\($0.engineerID)=\($0.dailyCapacity)" }.sorted().joined(separator: ",")
        self.context = [Self.format, PMBatchVersion.current, rulesDigest, "assets=\(assetCount)",
                        "engineers=\(String(fnv1a64(crew.utf8), radix: 16))"].joined(separator: "|")
        self.failures = failures
    }

    static func key(_ p: Period) -> String { "\(p.from.milliseconds)-\(p.to.milliseconds)" }

    /// The entry's context: the night's, and the failures the period counts.
    func context(_ p: Period) -> String { context + "|failures=\(failures.count { p.contains($0.ts) })" }

    /// The kept figures of `periods` that are still what computing them gives.
    func lookup(_ periods: [Period]) throws -> [Period: PeriodKPIs] {
        let byKey = Dictionary(periods.map { (Self.key($0), $0) }, uniquingKeysWith: { first, _ in first })
        var changedFrom: [KPICacheStamp: Instant?] = [:]
        var found: [Period: PeriodKPIs] = [:]
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = Self.floats.decoding
        for entry in try storage.kpiCacheEntries(keys: byKey.keys.sorted()) {
            guard let p = byKey[entry.key], entry.context == context(p) else { continue }
            let changed: Instant?
            if let known = changedFrom[entry.stamp] {
                changed = known
            } else {
                changed = try storage.workOrderInputChanged(since: entry.stamp, asOf: asOf)
                changedFrom[entry.stamp] = changed
            }
            if let changed, changed < p.to { continue }
            guard let kpis = try? decoder.decode(PeriodKPIs.self, from: entry.figures), kpis.period == p else {
                continue
            }
            found[p] = kpis
        }
        return found
    }

    /// Keeps `computed` (figures without a baseline), and drops entries of periods ending before all of
    /// `periods` (later nights' periods end later) except `periods` themselves (a configured baseline stays).
    func store(_ computed: [Period: PeriodKPIs], periods: [Period]) throws {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = Self.floats.encoding
        let entries = try computed.keys.sorted { Self.key($0) < Self.key($1) }.map { p in
            KPICacheEntry(key: Self.key(p), periodEnd: p.to, context: context(p), stamp: stamp,
                          figures: try encoder.encode(computed[p]!))
        }
        guard let oldest = periods.map(\.to).min() else { return }
        try storage.storeKPICacheEntries(entries, droppingBefore: oldest, keep: periods.map(Self.key))
    }

    /// Infinite and undefined figures (a gain over a zero baseline) as words, since JSON has no numbers
    /// for them; finite doubles round-trip exactly.
    private static let floats = (
        encoding: JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"),
        decoding: JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"))
}
