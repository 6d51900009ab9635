/// A half-open interval of instants `[from, to)`: a KPI period.
public struct Period: Hashable, Sendable {
    /// First instant in the period.
    public var from: Instant
    /// The end (excluded): the cutoff.
    public var to: Instant
    /// The local dates shown for it: first day and last day (inclusive).
    public var firstDay: LocalDate
    /// The last local day (inclusive).
    public var lastDay: LocalDate

    /// Memberwise.
    public init(from: Instant, to: Instant, firstDay: LocalDate, lastDay: LocalDate) {
        self.from = from
        self.to = to
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    /// Whether `instant` lies in the period.
    public func contains(_ instant: Instant) -> Bool { instant >= from && instant < to }

    /// The period of `days` local days ending with `lastDay` (its cutoff is the end of `lastDay`).
    public static func days(_ days: Int, endingWith lastDay: LocalDate, zone: ZoneRules) -> Period {
        let first = lastDay.adding(days: 1 - days)
        return Period(from: zone.startOfDay(first), to: zone.startOfDay(lastDay.adding(days: 1)), firstDay: first,
                      lastDay: lastDay)
    }

    /// The local days `[firstDay, lastDay]` as instants in `zone`.
    public static func days(from firstDay: LocalDate, through lastDay: LocalDate, zone: ZoneRules) -> Period {
        Period(from: zone.startOfDay(firstDay), to: zone.startOfDay(lastDay.adding(days: 1)), firstDay: firstDay,
               lastDay: lastDay)
    }
}

/// Mean, median and p90 of a sample (nil figures when the sample is empty).
public struct Distribution: Hashable, Sendable {
    /// Sample size.
    public var n: Int
    /// Arithmetic mean; nil when n = 0.
    public var mean: Double?
    /// Middle value; the mean of the two middle values when n is even; nil when n = 0.
    public var median: Double?
    /// Nearest-rank 90th percentile: the ⌈0.9·n⌉-th smallest value; nil when n = 0.
    public var p90: Double?
    /// Sum of the sample (0 when empty).
    public var total: Double

    /// Makes a distribution from figures already computed.
    public init(n: Int, mean: Double?, median: Double?, p90: Double?, total: Double) {
        self.n = n
        self.mean = mean
        self.median = median
        self.p90 = p90
        self.total = total
    }
}

/// H1 for one channel group (or the urgent line).
public struct FirstUpdateGroup: Hashable, Sendable {
    /// Channel name, or `urgent`.
    public var group: String
    /// Minutes.
    public var minutes: Distribution
    /// The group's threshold, nil when none is configured.
    public var thresholdMinutes: Double?
    /// mean ≤ threshold; nil when there is no data or no threshold. For the overall group: the H1 verdict.
    public var healthy: Bool?

    /// Memberwise.
    public init(group: String, minutes: Distribution, thresholdMinutes: Double?, healthy: Bool?) {
        self.group = group
        self.minutes = minutes
        self.thresholdMinutes = thresholdMinutes
        self.healthy = healthy
    }
}

/// An order still waiting for its first progress update at the cutoff.
public struct WaitingOrder: Hashable, Sendable {
    /// Work-order ID.
    public var woID: String
    /// Channel group (`(none)` for an empty channel).
    public var channel: String
    /// When the order was created.
    public var createdAt: Instant
    /// Minutes from creation to the cutoff.
    public var waitingMinutes: Double

    /// Memberwise.
    public init(woID: String, channel: String, createdAt: Instant, waitingMinutes: Double) {
        self.woID = woID
        self.channel = channel
        self.createdAt = createdAt
        self.waitingMinutes = waitingMinutes
    }
}

/// H1 customer-perceived timeliness.
public struct FirstUpdateKPI: Hashable, Sendable {
    /// All customer-originated orders created in P with an update (minutes).
    public var overall: FirstUpdateGroup
    /// Per channel, sorted by channel name.
    public var byChannel: [FirstUpdateGroup]
    /// Urgent orders (priority `urgent` or an urgency keyword), against `[urgency].first_update_minutes`.
    public var urgent: FirstUpdateGroup
    /// Created in P, no update before the cutoff: oldest first.
    public var waiting: [WaitingOrder]
    /// nil when no channel has both data and a threshold; else every such channel's mean within its threshold.
    public var healthy: Bool?

    /// Memberwise.
    public init(overall: FirstUpdateGroup, byChannel: [FirstUpdateGroup], urgent: FirstUpdateGroup,
                waiting: [WaitingOrder], healthy: Bool?) {
        self.overall = overall
        self.byChannel = byChannel
        self.urgent = urgent
        self.waiting = waiting
        self.healthy = healthy
    }
}

/// H2 internal execution efficiency.
public struct ExecutionKPI: Hashable, Sendable {
    /// Hours from creation to the first technical closure, net of customer waiting.
    public var hours: Distribution
    /// The baseline period's mean hours, nil without a baseline (or no data in it).
    public var baselineMeanHours: Double?
    /// 1 − mean / baseline mean.
    public var gain: Double?
    /// gain ≥ `efficiency_gain_min`; nil without data or baseline.
    public var healthy: Bool?

    /// Memberwise.
    public init(hours: Distribution, baselineMeanHours: Double?, gain: Double?, healthy: Bool?) {
        self.hours = hours
        self.baselineMeanHours = baselineMeanHours
        self.gain = gain
        self.healthy = healthy
    }
}

/// H3 resource utilization.
public struct UtilizationKPI: Hashable, Sendable {
    /// Effective work orders credited to a counted engineer.
    public var effectiveWorkOrders: Int
    /// Active (engineer, local date) pairs in P.
    public var engineerDays: Int
    /// effective ÷ engineer-days; nil when there are no engineer-days.
    public var perEngineerDay: Double?
    /// The baseline period's figure, nil without one.
    public var baselinePerEngineerDay: Double?
    /// ≥ `utilization_per_engineer_day`, or ≥ (1 + `utilization_gain_min`) × baseline; nil without data.
    public var healthy: Bool?

    /// per_engineer_day ÷ baseline − 1: the figure the relative test (`utilization_gain_min`) is decided on;
    /// nil without data, without a baseline, or with a zero baseline.
    public var gain: Double? {
        guard let perEngineerDay, let baselinePerEngineerDay, baselinePerEngineerDay != 0 else { return nil }
        return perEngineerDay / baselinePerEngineerDay - 1
    }

    /// Memberwise.
    public init(effectiveWorkOrders: Int, engineerDays: Int, perEngineerDay: Double?,
                baselinePerEngineerDay: Double?, healthy: Bool?) {
        self.effectiveWorkOrders = effectiveWorkOrders
        self.engineerDays = engineerDays
        self.perEngineerDay = perEngineerDay
        self.baselinePerEngineerDay = baselinePerEngineerDay
        self.healthy = healthy
    }
}

/// A customer or fault code with its repeat count (V1 breakdown).
public struct RecurrenceOffender: Hashable, Sendable {
    /// Customer ID or fault code.
    public var key: String
    /// Counted orders (created in P) with this key.
    public var orders: Int
    /// How many of them are repeats.
    public var repeats: Int

    /// Memberwise.
    public init(key: String, orders: Int, repeats: Int) {
        self.key = key
        self.orders = orders
        self.repeats = repeats
    }
}

/// V1 problem recurrence.
public struct RecurrenceKPI: Hashable, Sendable {
    /// Corrective orders created in P (duplicates and cancelled excluded).
    public var n: Int
    /// How many of them repeat an earlier order.
    public var repeats: Int
    /// repeats ÷ n; nil when n = 0.
    public var rate: Double?
    /// rate ≤ `recurrence_max`; nil when n = 0.
    public var healthy: Bool?
    /// Worst first (repeats desc, orders desc, then key), at most 5, only those with a repeat.
    public var worstCustomers: [RecurrenceOffender]
    /// Same ranking by fault code.
    public var worstFaultCodes: [RecurrenceOffender]

    /// Memberwise.
    public init(n: Int, repeats: Int, rate: Double?, healthy: Bool?, worstCustomers: [RecurrenceOffender],
                worstFaultCodes: [RecurrenceOffender]) {
        self.n = n
        self.repeats = repeats
        self.rate = rate
        self.healthy = healthy
        self.worstCustomers = worstCustomers
        self.worstFaultCodes = worstFaultCodes
    }
}

/// One row of the stuck-stage ranking.
public struct StuckStage: Hashable, Sendable {
    /// Canonical status, or the raw text of an unmapped one.
    public var status: String
    /// Events in P with a dwell.
    public var count: Int
    /// Mean dwell in hours.
    public var meanHours: Double
    /// Nearest-rank 90th percentile dwell in hours.
    public var p90Hours: Double
    /// Sum of the dwells in hours.
    public var totalHours: Double

    /// Memberwise.
    public init(status: String, count: Int, meanHours: Double, p90Hours: Double, totalHours: Double) {
        self.status = status
        self.count = count
        self.meanHours = meanHours
        self.p90Hours = p90Hours
        self.totalHours = totalHours
    }
}

/// A work order in the closure-lock audit.
public struct ClosureAuditEntry: Hashable, Sendable {
    /// Work-order ID.
    public var woID: String
    /// Which of technical_closed / delivery_confirmed / financial_closed lack a status with evidence
    /// (in that order; empty for complete-not-closed entries).
    public var missing: [String]
    /// The first `closed` event in P (false closures); nil for complete-not-closed entries.
    public var closedAt: Instant?

    /// Memberwise.
    public init(woID: String, missing: [String], closedAt: Instant?) {
        self.woID = woID
        self.missing = missing
        self.closedAt = closedAt
    }
}

/// The three-level closure lock audit (article 三).
public struct ClosureAudit: Hashable, Sendable {
    /// Closed without all three evidenced statuses.
    public var falseClosures: [ClosureAuditEntry]
    /// All three evidenced statuses, but not closed.
    public var completeNotClosed: [ClosureAuditEntry]

    /// Memberwise.
    public init(falseClosures: [ClosureAuditEntry], completeNotClosed: [ClosureAuditEntry]) {
        self.falseClosures = falseClosures
        self.completeNotClosed = completeNotClosed
    }
}

/// Standard maintenance KPIs beside the article's four.
public struct StandardKPIs: Hashable, Sendable {
    /// Mean time between failures in hours (SMRP 3.5.1): operating time in P ÷ failures in P.
    public var mtbfHours: Double?
    /// Failures with ts in P.
    public var failures: Int
    /// Mean time to repair in hours (SMRP 3.5.2): corrective repair time ÷ repairs, over orders
    /// technically closed in P.
    public var mttrHours: Double?
    /// Corrective orders whose first technical closure is in P.
    public var repairs: Int
    /// Preventive orders due in P that were technically closed by their due date ÷ those due in P.
    public var pmCompliance: Double?
    /// pmbatch preventive orders due in P.
    public var pmDue: Int
    /// Of those, technically closed before the end of their due date.
    public var pmOnTime: Int
    /// Open orders at the cutoff ÷ the engineers' mean daily capacity (12 when none), in engineer-days.
    public var backlogEngineerDays: Double?
    /// Orders open at the cutoff.
    public var openOrders: Int

    /// Memberwise.
    public init(mtbfHours: Double?, failures: Int, mttrHours: Double?, repairs: Int, pmCompliance: Double?,
                pmDue: Int, pmOnTime: Int, backlogEngineerDays: Double?, openOrders: Int) {
        self.mtbfHours = mtbfHours
        self.failures = failures
        self.mttrHours = mttrHours
        self.repairs = repairs
        self.pmCompliance = pmCompliance
        self.pmDue = pmDue
        self.pmOnTime = pmOnTime
        self.backlogEngineerDays = backlogEngineerDays
        self.openOrders = openOrders
    }
}

/// Every KPI figure for one period.
public struct PeriodKPIs: Hashable, Sendable {
    /// The period; its end is the cutoff these figures were computed at.
    public var period: Period
    /// H1.
    public var firstUpdate: FirstUpdateKPI
    /// H2.
    public var execution: ExecutionKPI
    /// H3.
    public var utilization: UtilizationKPI
    /// V1.
    public var recurrence: RecurrenceKPI
    /// TOP 5 statuses by mean dwell.
    public var stuckStages: [StuckStage]
    /// MTBF, MTTR, PM compliance, backlog.
    public var standard: StandardKPIs

    /// Memberwise.
    public init(period: Period, firstUpdate: FirstUpdateKPI, execution: ExecutionKPI, utilization: UtilizationKPI,
                recurrence: RecurrenceKPI, stuckStages: [StuckStage], standard: StandardKPIs) {
        self.period = period
        self.firstUpdate = firstUpdate
        self.execution = execution
        self.utilization = utilization
        self.recurrence = recurrence
        self.stuckStages = stuckStages
        self.standard = standard
    }
}

// Codable: a period's figures are kept in the state between nights (issue 12, see `PeriodKPICache`).
extension Period: Codable {}
extension Distribution: Codable {}
extension FirstUpdateGroup: Codable {}
extension WaitingOrder: Codable {}
extension FirstUpdateKPI: Codable {}
extension ExecutionKPI: Codable {}
extension UtilizationKPI: Codable {}
extension RecurrenceOffender: Codable {}
extension RecurrenceKPI: Codable {}
extension StuckStage: Codable {}
extension StandardKPIs: Codable {}
extension PeriodKPIs: Codable {}
