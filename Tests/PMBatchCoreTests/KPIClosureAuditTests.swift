import Testing
@testable import PMBatchCore

@Suite("Closure-lock audit")
struct KPIClosureAuditTests {
    typealias F = KPIFixture

    /// The three closing statuses with evidence, closed on Nov 20; `status` removed, or its evidence blanked.
    static func closedOrder(_ id: String, dropping status: String?, blankEvidence: Bool) -> WorkOrderTimeline {
        var events = [
            F.ev(F.utc(11, 18), "technical_closed", evidence: "photo-1"),
            F.ev(F.utc(11, 19), "delivery_confirmed", evidence: "sig-1"),
            F.ev(F.utc(11, 19, 12), "financial_closed", evidence: "INV-1"),
        ]
        if let status, let i = events.firstIndex(where: { $0.rawStatus == status }) {
            if blankEvidence { events[i].evidence = " " } else { events.remove(at: i) }
        }
        return F.wo(id, F.utc(11, 17), events + [F.ev(F.utc(11, 20), "closed")])
    }

    static func audit(_ orders: [WorkOrderTimeline], period: Period = F.november) -> ClosureAudit {
        KPICalculator.closureAudit(F.history(orders), period: period)
    }

    @Test("each missing piece of evidence makes a false closure",
          arguments: ["technical_closed", "delivery_confirmed", "financial_closed"], [false, true])
    func missingEvidence(status: String, blank: Bool) {
        let audit = Self.audit([Self.closedOrder("Q1", dropping: status, blankEvidence: blank)])
        #expect(audit.falseClosures == [ClosureAuditEntry(woID: "Q1", missing: [status], closedAt: F.utc(11, 20))])
        #expect(audit.completeNotClosed.isEmpty)
    }

    @Test("a complete closure is not listed")
    func complete() {
        let audit = Self.audit([Self.closedOrder("Q1", dropping: nil, blankEvidence: false)])
        #expect(audit.falseClosures.isEmpty && audit.completeNotClosed.isEmpty)
    }

    @Test("several missing, listed in lock order; evidence after the cutoff does not count; closed before P")
    func several() {
        let bare = F.wo("Q2", F.utc(11, 1), [
            F.ev(F.utc(11, 2), "financial_closed", evidence: "INV-2"), F.ev(F.utc(11, 3), "closed"),
            F.ev(F.utc(12, 1), "technical_closed", evidence: "photo-late"),
        ])
        // Closed before P: not audited in this period.
        let old = F.wo("Q0", F.utc(10, 1), [F.ev(F.utc(10, 5), "closed")])
        let audit = Self.audit([old, bare])
        #expect(audit.falseClosures == [ClosureAuditEntry(
            woID: "Q2", missing: ["technical_closed", "delivery_confirmed"], closedAt: F.utc(11, 3))])
    }

    @Test("complete but not closed: any creation time, not cancelled or duplicate, closed only after the cutoff")
    func completeNotClosed() {
        func threeLevels(_ id: String, created: Instant, extra: [TimelineEvent] = []) -> WorkOrderTimeline {
            F.wo(id, created, [
                F.ev(created.adding(milliseconds: 3_600_000), "technical_closed", evidence: "p"),
                F.ev(created.adding(milliseconds: 7_200_000), "delivery_confirmed", evidence: "s"),
                F.ev(created.adding(milliseconds: 10_800_000), "financial_closed", evidence: "i"),
            ] + extra)
        }
        let audit = Self.audit([
            threeLevels("K3", created: F.utc(11, 10)),
            threeLevels("K1", created: F.utc(9, 1)),   // created long before P: still listed
            threeLevels("K2", created: F.utc(11, 11), extra: [F.ev(F.utc(11, 12), "cancelled")]),
            threeLevels("K4", created: F.utc(11, 12), extra: [F.ev(F.utc(12, 1), "closed")]),  // after cutoff
            threeLevels("K5", created: F.utc(11, 13), extra: [F.ev(F.utc(11, 14), "duplicate")]),
        ])
        #expect(audit.completeNotClosed.map(\.woID) == ["K1", "K3", "K4"])
        #expect(audit.completeNotClosed.allSatisfy { $0.missing.isEmpty && $0.closedAt == nil })
        #expect(audit.falseClosures.isEmpty)
    }

    @Test("previous period: the audit as that night saw it")
    func previousPeriod() {
        // Closed Oct 20 without evidence; evidence arrives in November. In October's audit it is a false closure.
        let order = F.wo("Q5", F.utc(10, 18), [
            F.ev(F.utc(10, 20), "closed"),
            F.ev(F.utc(11, 2), "technical_closed", evidence: "p"),
            F.ev(F.utc(11, 2), "delivery_confirmed", evidence: "s"),
            F.ev(F.utc(11, 2), "financial_closed", evidence: "i"),
        ])
        #expect(Self.audit([order], period: F.october).falseClosures.map(\.missing)
            == [["technical_closed", "delivery_confirmed", "financial_closed"]])
        #expect(Self.audit([order]).falseClosures.isEmpty)
    }
}
