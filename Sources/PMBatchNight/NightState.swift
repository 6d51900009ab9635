import Foundation
import PMBatchCore
import PMBatchPostgres
import PMBatchStore

/// The state as the night sees it: what it reads and writes, no more (SPEC §2).
///
/// The embedded SQLite state (`StateStore`) implements it; a second backend is a second implementation.
/// Every read is "as of" a night — files dropped by then, times before its cutoff — so a night read again
/// later, or on a fresh state from the archive, sees the same.
public protocol NightState: AnyObject {
    // MARK: Files and what they contributed (ingest)

    /// Every file the state knows, by path.
    func manifest() throws -> [ManifestEntry]
    /// Stores one file's contribution in one transaction, replacing what the same path contributed before.
    func replace(with contribution: FileContribution, beforeCommit: () -> Void) throws
    /// Records that a file was rejected whole (nothing of it kept; the next ingest retries it).
    func recordRejected(_ entry: ManifestEntry) throws
    /// Updates only the modification time of a file whose content is unchanged.
    func touch(path: String, modificationTime: Double) throws
    /// Forgets every file, so the next ingest reads everything again.
    func forgetAllFiles() throws
    /// A value of the state's key-value table (the ingest settings).
    func meta(_ key: String) throws -> String?
    /// Sets a value of the state's key-value table.
    func setMeta(_ key: String, _ value: String) throws
    /// Every asset ID of the registry (any drop), for checking telemetry rows.
    func knownAssetIDs() throws -> Set<String>

    // MARK: Registries and history as of a night

    func assets(asOf: LocalDate) throws -> [Asset]
    func components(asOf: LocalDate) throws -> [ComponentInstallation]
    /// The current installation per (asset, slot) as of a night (`TriggerPlanner.currentComponents`).
    func currentComponents(asOf: LocalDate) throws -> [ComponentInstallation]
    /// The `count` current installations nearest their age limit (`limitDays`: type → days).
    func currentComponentsNearestLimit(asOf: LocalDate, limitDays: [String: Int], count: Int) throws
        -> [ComponentInstallation]
    func engineers(asOf: LocalDate) throws -> [Engineer]
    func parts(asOf: LocalDate) throws -> [Part]
    func failures(asOf: LocalDate) throws -> [Failure]
    func workOrderHeaders(asOf: LocalDate) throws -> [WorkOrderHeader]
    func events(asOf: LocalDate, before cutoff: Instant) throws -> [(event: WorkOrderEvent, header: WorkOrderHeader)]

    // MARK: The work-order history of a night's window (issue 12; each has a whole-history default below)

    /// Every visible event before `cutoff`, reduced, by order ID, then time, ties in file order; streamed.
    func forEachEventStatus(asOf: LocalDate, before cutoff: Instant, _ body: (EventStatusRow) throws -> Void) throws
    /// The latest header row of each work order visible as of a night, reduced, by ID.
    func headerSummaries(asOf: LocalDate) throws -> [HeaderSummary]
    /// `workOrderHeaders(asOf:)` of the orders `ids` only.
    func workOrderHeaders(asOf: LocalDate, ids: [String]) throws -> [WorkOrderHeader]
    /// `events(asOf:before:)` of the orders `ids` only.
    func events(asOf: LocalDate, before cutoff: Instant, ids: [String]) throws
        -> [(event: WorkOrderEvent, header: WorkOrderHeader)]
    /// For each of the orders `ids` that has one, the time of its first visible event before `cutoff` whose
    /// raw status is one of `statuses`.
    func firstEventTimes(asOf: LocalDate, before cutoff: Instant, ids: [String], statuses: [String]) throws
        -> [String: Instant]
    /// The orders issued up to `asOf` that a night can still need (see `StateStore`'s implementation); any
    /// superset is correct.
    func preventiveWorkOrders(through asOf: LocalDate, issuedIn: [ClosedRange<LocalDate>],
                              dueIn: [ClosedRange<LocalDate>], keepingNonAlert: Bool, ids: [String],
                              withoutEventIn statuses: [String]?, cutoff: Instant) throws -> [PreventiveWorkOrder]
    /// Which of `ids` pmbatch issued on nights up to `asOf`.
    func issuedIDs(among ids: [String], through asOf: LocalDate) throws -> Set<String>
    /// Orders issued up to `asOf` with no visible header row and no visible event before `cutoff`.
    func issuedOutsideHistory(asOf: LocalDate, before cutoff: Instant) throws -> Int

    // MARK: Alert aggregates

    /// The files whose alerts reached an asset's window only after the night of their day.
    func lateAlertSources(codes: [String], days: Range<LocalDate>, asOf: LocalDate, assetID: String) throws
        -> [LateAlertSource]
    /// Alerts per (asset, code, day), summed over files, visible as of `asOf`.
    func dailyAlerts(days: Range<LocalDate>, asOf: LocalDate, assetID: String?) throws -> [TelemetryDayCount]
    /// Alerts per (asset, code) over `days`, visible as of `asOf`.
    func alertTotals(days: Range<LocalDate>, asOf: LocalDate) throws -> [(assetID: String, code: String, count: Int64)]
    /// The daily aggregates of `codes` over `days` with their drop dates: what the triggers and the backtest
    /// count alerts from (``AlertCountIndex``).
    func alertAggregates(codes: [String], days: Range<LocalDate>, asOf: LocalDate) throws
        -> [AlertCountIndex.Aggregate]
    /// The alert codes and component types the state holds as of a night (rules naming others cannot fire).
    func knownAlertCodes(asOf: LocalDate) throws -> [String]
    func knownComponentTypes(asOf: LocalDate) throws -> [String]

    // MARK: Nights

    /// The night the state went live; nil before its first evaluation.
    func firstNight() throws -> LocalDate?
    func setFirstNight(_ night: LocalDate) throws
    /// Nights evaluated, oldest first.
    func processedNights() throws -> [LocalDate]
    /// Evaluated nights whose outputs were not written yet.
    func nightsAwaitingOutput() throws -> [LocalDate]
    func markNightWritten(_ night: LocalDate) throws
    /// Records one night's orders, requests and suppressed triggers in one transaction.
    func recordNight(_ asOf: LocalDate, plan: NightPlan, rulesDigest: String, beforeCommit: () -> Void) throws
    /// Orders and requests issued on nights up to `asOf` (all when nil), by ID.
    func preventiveWorkOrders(through asOf: LocalDate?) throws -> [PreventiveWorkOrder]
    func sparePartRequests(through asOf: LocalDate?) throws -> [SparePartRequest]
    func suppressedTriggers(night: LocalDate) throws -> [SuppressedTrigger]
    /// Suppressed triggers per rule over `nights`.
    func suppressedTriggerCounts(nights: ClosedRange<LocalDate>) throws -> [(ruleID: String, count: Int)]
    /// The highest sequence of IDs `prefix` + `date` issued so far (0 when none).
    func lastSequence(prefix: String, date: LocalDate) throws -> Int

    // MARK: Data quality

    func quarantineTallies() throws -> [QuarantineTally]
    func quarantinedRows(limit: Int) throws -> [QuarantinedRow]

    // MARK: KPI cache

    /// Where reports keep the KPI figures they computed for later reports (issue 12); nil when the backend
    /// keeps none, and every report computes all its periods.
    var kpiCache: (any KPICacheStorage)? { get }

    /// Where nights retire finished work orders so that their light pass reads only active ones (issue 12);
    /// nil when the backend retires none, and every pass reads every order.
    var orderRetirement: (any OrderRetirementStorage)? { get }
}

/// The state's side of retiring finished work orders (``WorkOrderScan``): see ``StateStore``'s implementation.
public protocol OrderRetirementStorage {
    func seesAllWorkOrderInput(asOf: LocalDate, before cutoff: Instant) throws -> Bool
    func retirement(underRules digest: String) throws
    func retiredSummary() throws -> (orders: Int, eventsByStatus: [String: Int])
    func retiredClosed(among ids: [String]) throws -> Set<String>
    func retiredOrders(eventsIn eventRanges: [Range<Instant>], livingAt instants: [Instant], asOf: LocalDate) throws
        -> Set<String>
    func retiredOrders(createdIn ranges: [Range<Instant>]) throws -> Set<String>
    func retire(_ orders: [RetiringOrder]) throws
    func forEachActiveEventStatus(asOf: LocalDate, before cutoff: Instant, _ body: (EventStatusRow) throws -> Void)
        throws
    func activeHeaderSummaries(asOf: LocalDate) throws -> [HeaderSummary]
}

/// The state's side of ``PeriodKPICache``: see ``StateStore``'s implementation for what each read means.
public protocol KPICacheStorage {
    func kpiCacheStamp(asOf: LocalDate) throws -> KPICacheStamp
    func workOrderInputChanged(since stamp: KPICacheStamp, asOf: LocalDate) throws -> Instant?
    func kpiCacheEntries(keys: [String]) throws -> [KPICacheEntry]
    func storeKPICacheEntries(_ entries: [KPICacheEntry], droppingBefore oldest: Instant, keep: [String]) throws
}

extension StateStore: NightState, KPICacheStorage, OrderRetirementStorage {
    public var kpiCache: (any KPICacheStorage)? { self }
    public var orderRetirement: (any OrderRetirementStorage)? { self }
}

extension PostgresState {
    /// The PostgreSQL state keeps no KPI figures yet: its reports compute every period.
    public var kpiCache: (any KPICacheStorage)? { nil }
    /// Nor does it retire work orders yet: its nights read every order.
    public var orderRetirement: (any OrderRetirementStorage)? { nil }
}

extension PostgresState: NightState, SharedNightState {}

/// A state that several ingest workers, on several hosts, fill at once (SPEC §2 "Shared state"): each file is
/// claimed before it is read and stored in one transaction while the claim is held; a killed worker's claim
/// ends with it, so the next claimant stores the file.
public protocol SharedNightState: NightState {
    /// Makes `paths` claimable; `dropDates`: those of the dumps among them.
    func prepareClaims(paths: [String], dropDates: Set<LocalDate>) throws
    /// Claims `path`: false when another worker holds it (only when not `wait`ing for it).
    func claim(path: String, wait: Bool) throws -> Bool
    /// Ends the current claim.
    func endClaim() throws
    /// The manifest entry of `path` as committed now.
    func manifestEntry(path: String) throws -> ManifestEntry?
}

extension NightState {
    /// Stores one file's contribution in one transaction.
    func replace(with contribution: FileContribution) throws { try replace(with: contribution, beforeCommit: {}) }

    /// Alerts per (asset, code, day) of the whole fleet, visible as of `asOf`.
    func dailyAlerts(days: Range<LocalDate>, asOf: LocalDate) throws -> [TelemetryDayCount] {
        try dailyAlerts(days: days, asOf: asOf, assetID: nil)
    }

    /// Every order and request issued so far.
    func preventiveWorkOrders() throws -> [PreventiveWorkOrder] { try preventiveWorkOrders(through: nil) }
    func sparePartRequests() throws -> [SparePartRequest] { try sparePartRequests(through: nil) }
}

/// Whole-history defaults of the window reads: correct for any backend, as slow as reading everything; a
/// backend overrides them with queries (``StateStore`` does, and a test checks it against these).
extension NightState {
    public func forEachEventStatus(asOf: LocalDate, before cutoff: Instant,
                                   _ body: (EventStatusRow) throws -> Void) throws {
        try WholeHistoryReads.forEachEventStatus(self, asOf: asOf, before: cutoff, body)
    }

    public func headerSummaries(asOf: LocalDate) throws -> [HeaderSummary] {
        try WholeHistoryReads.headerSummaries(self, asOf: asOf)
    }

    public func workOrderHeaders(asOf: LocalDate, ids: [String]) throws -> [WorkOrderHeader] {
        let wanted = Set(ids)
        return try workOrderHeaders(asOf: asOf).filter { wanted.contains($0.woID) }
    }

    public func events(asOf: LocalDate, before cutoff: Instant, ids: [String]) throws
        -> [(event: WorkOrderEvent, header: WorkOrderHeader)]
    {
        let wanted = Set(ids)
        return try events(asOf: asOf, before: cutoff).filter { wanted.contains($0.event.woID) }
    }

    public func firstEventTimes(asOf: LocalDate, before cutoff: Instant, ids: [String], statuses: [String]) throws
        -> [String: Instant]
    {
        try WholeHistoryReads.firstEventTimes(self, asOf: asOf, before: cutoff, ids: ids, statuses: statuses)
    }

    public func preventiveWorkOrders(through asOf: LocalDate, issuedIn: [ClosedRange<LocalDate>],
                                     dueIn: [ClosedRange<LocalDate>], keepingNonAlert: Bool, ids: [String],
                                     withoutEventIn statuses: [String]?, cutoff: Instant) throws
        -> [PreventiveWorkOrder]
    {
        try preventiveWorkOrders(through: asOf)
    }

    public func issuedIDs(among ids: [String], through asOf: LocalDate) throws -> Set<String> {
        Set(try preventiveWorkOrders(through: asOf).map(\.id)).intersection(ids)
    }

    public func issuedOutsideHistory(asOf: LocalDate, before cutoff: Instant) throws -> Int {
        try WholeHistoryReads.issuedOutsideHistory(self, asOf: asOf, before: cutoff)
    }
}

/// The window reads computed from the protocol's whole-history reads.
enum WholeHistoryReads {
    static func forEachEventStatus(_ state: any NightState, asOf: LocalDate, before cutoff: Instant,
                                   _ body: (EventStatusRow) throws -> Void) throws {
        // A stable sort by ID keeps each order's events in time order, ties in file order.
        let rows = try state.events(asOf: asOf, before: cutoff).enumerated().sorted {
            ($0.element.event.woID, $0.offset) < ($1.element.event.woID, $1.offset)
        }
        for (_, (e, carried)) in rows {
            try body(EventStatusRow(event: e, carriedEngineerID: carried.engineerID))
        }
    }

    static func headerSummaries(_ state: any NightState, asOf: LocalDate) throws -> [HeaderSummary] {
        var byID: [String: HeaderSummary] = [:]
        for h in try state.workOrderHeaders(asOf: asOf) {
            byID[h.woID] = HeaderSummary(woID: h.woID, createdAt: h.createdAt, engineerID: h.engineerID)
        }
        return byID.values.sorted { $0.woID < $1.woID }
    }

    static func firstEventTimes(_ state: any NightState, asOf: LocalDate, before cutoff: Instant, ids: [String],
                                statuses: [String]) throws -> [String: Instant] {
        let wanted = Set(ids)
        let among = Set(statuses)
        var first: [String: Instant] = [:]
        for (e, _) in try state.events(asOf: asOf, before: cutoff)
        where wanted.contains(e.woID) && among.contains(e.rawStatus) && first[e.woID] == nil {
            first[e.woID] = e.ts
        }
        return first
    }

    static func issuedOutsideHistory(_ state: any NightState, asOf: LocalDate, before cutoff: Instant) throws -> Int {
        var known = Set(try state.workOrderHeaders(asOf: asOf).map(\.woID))
        for (e, _) in try state.events(asOf: asOf, before: cutoff) { known.insert(e.woID) }
        return try state.preventiveWorkOrders(through: asOf).count { !known.contains($0.id) }
    }
}

/// Opens the state `--db` names: a PostgreSQL URL (`postgresql://USER@HOST:PORT/DB`), else the embedded
/// SQLite file at `path` (created and migrated when missing).
public func openState(path: String) throws(NightFailure) -> any NightState {
    if PostgresURL.isPostgres(path) {
        do { return try PostgresState(url: PostgresURL(path)) } catch { throw NightFailure(error) }
    }
    do { return try StateStore(path: path) } catch { throw .cannotComplete(error.description) }
}

extension NightFailure {
    /// A PostgreSQL state failure: a malformed URL is a usage error (exit 2), anything else means the night
    /// cannot complete (exit 3).
    init(_ error: PostgresStateError) {
        if case .malformedURL = error { self = .configuration(error.description) } else {
            self = .cannotComplete(error.description)
        }
    }
}
