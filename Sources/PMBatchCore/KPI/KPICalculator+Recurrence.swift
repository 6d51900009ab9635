extension KPICalculator {
    /// Statuses that take an order out of V1 (and of the closure audit's complete-not-closed list).
    public static let voidStatuses: [WorkOrderStatus] = [.duplicate, .cancelled]

    /// How many offenders each V1 breakdown lists.
    static let offenderLimit = 5

    /// V1 problem recurrence.
    ///
    /// - Counted: corrective orders (`effectiveKind == "corrective"`) never (before the cutoff) `duplicate` or
    ///   `cancelled`; n = those created in P.
    /// - A repeat: an earlier counted order (possibly before P) with the same customer_id and fault_code (both
    ///   non-empty) created in `[t − recurrenceDays × 24 h, t)`: exactly `recurrenceDays` days earlier counts,
    ///   the same instant does not.
    /// - rate = repeats ÷ n, healthy = rate ≤ `recurrenceMax`; both nil when n = 0.
    /// - Worst customers and fault codes: at most 5 with ≥ 1 repeat, by repeats desc, orders desc, key.
    ///
    /// `lookBack` orders count as `orders` do, known by header and void time. (Orders created at or after the
    /// cutoff, which `orders` leaves out, change nothing: they are neither in P nor earlier than an order in P.)
    static func recurrence(_ orders: [CutoffOrder], lookBack: [LookBackOrder], period: Period, rules: RuleSet)
        -> RecurrenceKPI
    {
        let window = Int64(rules.kpi.recurrenceDays) * 86_400_000
        var counted: [WorkOrderHeader] = []
        for order in orders where order.header.effectiveKind == "corrective" && !order.ever(voidStatuses) {
            counted.append(order.header)
        }
        for order in lookBack where order.header.effectiveKind == "corrective" {
            if let voided = order.voidedAt, voided < period.to { continue }
            counted.append(order.header)
        }
        var createdByProblem: [RecurrenceKey: [Instant]] = [:]
        for h in counted {
            if !h.customerID.isEmpty && !h.faultCode.isEmpty {
                createdByProblem[RecurrenceKey(customer: h.customerID, faultCode: h.faultCode), default: []]
                    .append(h.createdAt)
            }
        }
        for key in createdByProblem.keys { createdByProblem[key]!.sort() }
        var n = 0
        var repeats = 0
        var customers: [String: RecurrenceOffender] = [:]
        var faultCodes: [String: RecurrenceOffender] = [:]
        for h in counted where period.contains(h.createdAt) {
            n += 1
            var isRepeat = false
            if let times = createdByProblem[RecurrenceKey(customer: h.customerID, faultCode: h.faultCode)] {
                // The latest creation strictly before t decides: it is the closest earlier order.
                let t = h.createdAt
                let lo = times.lowerBound(of: t)
                isRepeat = lo > 0 && times[lo - 1] >= t.adding(milliseconds: -window)
            }
            if isRepeat { repeats += 1 }
            customers[h.customerID, default: RecurrenceOffender(key: h.customerID, orders: 0, repeats: 0)]
                .tally(isRepeat)
            faultCodes[h.faultCode, default: RecurrenceOffender(key: h.faultCode, orders: 0, repeats: 0)]
                .tally(isRepeat)
        }
        let rate = n == 0 ? nil : Double(repeats) / Double(n)
        return RecurrenceKPI(n: n, repeats: repeats, rate: rate, healthy: rate.map { $0 <= rules.kpi.recurrenceMax },
                             worstCustomers: worst(customers), worstFaultCodes: worst(faultCodes))
    }

    /// The worst offenders with at least one repeat: repeats desc, orders desc, key; at most `offenderLimit`.
    static func worst(_ offenders: [String: RecurrenceOffender]) -> [RecurrenceOffender] {
        Array(offenders.values.filter { $0.repeats > 0 }.sorted {
            if $0.repeats != $1.repeats { return $0.repeats > $1.repeats }
            if $0.orders != $1.orders { return $0.orders > $1.orders }
            return $0.key < $1.key
        }.prefix(offenderLimit))
    }
}

/// A customer and fault code: what a repeat must share with its earlier order.
struct RecurrenceKey: Hashable {
    var customer: String
    var faultCode: String
}

extension RecurrenceOffender {
    /// Counts one more order, and one more repeat when it is one.
    mutating func tally(_ isRepeat: Bool) {
        orders += 1
        if isRepeat { repeats += 1 }
    }
}
