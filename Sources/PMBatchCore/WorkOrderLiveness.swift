/// What an order's events before a cutoff say about whether a night still needs it, folded one event at a
/// time (nothing kept): open (backlog, engineer load), closed (a pmbatch order no longer blocks), complete
/// but not closed (the closure audit lists it whatever its age).
///
/// An order created before a report's earliest period (less the recurrence window) and with no event since
/// counts in that report only through these three facts; everything else the KPIs count happens inside the
/// periods. So a night reads such old orders in full only when one of them holds (issue 12).
public struct WorkOrderLiveness: Hashable, Sendable {
    /// The last mapped status so far (nil: none yet).
    private var lastMapped: WorkOrderStatus?
    /// Ever `technical_closed`, `closed` or `cancelled` (``WorkOrderHistory/closedIDs``).
    public private(set) var isClosed = false
    private var everClosedStatus = false
    private var everVoid = false
    /// Which of the closure lock's three statuses came with evidence.
    private var evidenced: Set<WorkOrderStatus> = []

    public init() {}

    /// Folds the next event (time order, ties in file order); its evidence counts as the closure audit
    /// counts it (``KPICalculator/hasEvidence(_:)``).
    public mutating func add(status: WorkOrderStatus?, evidence: String) {
        guard let status else { return }
        let hasEvidence = KPICalculator.hasEvidence(evidence)
        lastMapped = status
        if status == .technicalClosed || status == .closed || status == .cancelled { isClosed = true }
        if status == .closed { everClosedStatus = true }
        if KPICalculator.voidStatuses.contains(status) { everVoid = true }
        if hasEvidence && KPICalculator.closureLockStatuses.contains(status) { evidenced.insert(status) }
    }

    /// Open = the last mapped status is not a finishing one (``WorkOrderTimeline/isOpen``).
    public var isOpen: Bool { lastMapped.map { !WorkOrderTimeline.finishedStatuses.contains($0) } ?? true }

    /// All three closing statuses evidenced, no `closed`, never `cancelled` or `duplicate`
    /// (``KPICalculator/closureAudit(_:period:)``).
    public var isCompleteNotClosed: Bool {
        !everClosedStatus && !everVoid && evidenced.count == KPICalculator.closureLockStatuses.count
    }

    /// Whether a report could count the order though nothing happened to it in its window.
    public var mattersOutsideItsWindow: Bool { isOpen || isCompleteNotClosed }
}
