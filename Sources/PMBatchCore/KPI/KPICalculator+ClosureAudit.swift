extension KPICalculator {
    /// The three closing statuses the closure lock requires, each with evidence, in the order they are listed.
    public static let closureLockStatuses: [WorkOrderStatus] = [.technicalClosed, .deliveryConfirmed,
                                                                .financialClosed]

    /// The three-level closure-lock audit (article 三), with `period.to` as the cutoff.
    ///
    /// - False closure: an order with a `closed` event in P lacking any of `technical_closed`,
    ///   `delivery_confirmed`, `financial_closed` with non-empty evidence before the cutoff (evidence of only
    ///   spaces or tabs counts as empty); `missing` names them in that order, `closedAt` is the first `closed`
    ///   event in P.
    /// - Complete, not closed: an order (created any time) with all three evidenced before the cutoff but no
    ///   `closed` event, never `cancelled` or `duplicate`.
    /// - Both lists sorted by ID.
    public static func closureAudit(_ history: WorkOrderHistory, period: Period) -> ClosureAudit {
        var falseClosures: [ClosureAuditEntry] = []
        var completeNotClosed: [ClosureAuditEntry] = []
        for order in CutoffOrder.all(in: history, cutoff: period.to) {
            let missing = closureLockStatuses.filter { status in
                !order.events.contains { $0.status == status && hasEvidence($0.evidence) }
            }.map(\.rawValue)
            let closures = order.events.filter { $0.status == .closed }
            if let closedInP = closures.first(where: { period.contains($0.ts) }) {
                if !missing.isEmpty {
                    falseClosures.append(ClosureAuditEntry(woID: order.header.woID, missing: missing,
                                                           closedAt: closedInP.ts))
                }
            } else if closures.isEmpty && missing.isEmpty && !order.ever(voidStatuses) {
                completeNotClosed.append(ClosureAuditEntry(woID: order.header.woID, missing: [], closedAt: nil))
            }
        }
        // The history is sorted by ID already; sort anyway so the order never depends on the caller.
        return ClosureAudit(falseClosures: falseClosures.sorted { $0.woID < $1.woID },
                            completeNotClosed: completeNotClosed.sorted { $0.woID < $1.woID })
    }

    /// Whether an evidence field holds something other than spaces and tabs (the closure lock's rule; a
    /// night's light pass asks it too, through ``WorkOrderLiveness``).
    static func hasEvidence(_ evidence: String) -> Bool {
        evidence.utf8.contains { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
    }
}
