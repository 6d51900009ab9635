extension KPICalculator {
    /// The channel group of an order with an empty channel.
    public static let noChannelGroup = "(none)"
    /// The group name of H1's overall line.
    public static let overallGroup = "all"
    /// The group name of H1's urgent line.
    public static let urgentGroup = "urgent"

    /// One H1 sample: a customer-originated order created in P.
    struct FirstUpdateSample {
        var order: CutoffOrder
        var group: String
        /// Minutes to the first update, nil when none came before the cutoff.
        var minutes: Double?
        var urgent: Bool
    }

    /// H1 samples: orders with channel ≠ `preventive` created in P, sorted by ID.
    static func firstUpdateSamples(_ orders: [CutoffOrder], period: Period, urgency: UrgencyRules)
        -> [FirstUpdateSample]
    {
        let keywords = urgency.keywords.filter { !$0.isEmpty }.map { $0.lowercased() }
        var samples: [FirstUpdateSample] = []
        for order in orders where order.header.channel != "preventive" && period.contains(order.header.createdAt) {
            let header = order.header
            let minutes = order.firstUpdate.map { $0.ts.minutes(since: header.createdAt) }
            let description = header.description.lowercased()
            let urgent = header.priority.lowercased() == "urgent"
                || keywords.contains { description.containsBytes(of: $0) }
            samples.append(FirstUpdateSample(
                order: order, group: header.channel.isEmpty ? noChannelGroup : header.channel, minutes: minutes,
                urgent: urgent))
        }
        return samples
    }

    /// H1 customer-perceived timeliness.
    ///
    /// - Population: customer-originated orders (channel ≠ `preventive`; an empty channel is the group
    ///   `(none)`) created in P.
    /// - First update: the first event at or after `created_at` whose status is not `submitted`; an order whose
    ///   header came from that very event has 0 minutes.
    /// - Per channel group: n, mean, median, p90 in minutes against `kpi.firstUpdateMinutes[channel]`; groups are
    ///   the channels seen in P plus every channel with a threshold, sorted by name. A channel without a
    ///   threshold has `healthy = nil` and does not count for the verdict.
    /// - Verdict: every channel with data and a threshold has mean ≤ threshold; nil when there is none.
    /// - Urgent line: priority `urgent` or an `[urgency]` keyword in the description (case-insensitive), against
    ///   `urgency.firstUpdateMinutes`.
    /// - Orders without an update before the cutoff are `waiting` (oldest first, ties by ID) with the minutes
    ///   waited to the cutoff, and are left out of every distribution.
    static func firstUpdate(_ orders: [CutoffOrder], period: Period, rules: RuleSet) -> FirstUpdateKPI {
        let samples = firstUpdateSamples(orders, period: period, urgency: rules.urgency)
        let thresholds = rules.kpi.firstUpdateMinutes
        var byGroup: [String: [Double]] = [:]
        for channel in thresholds.keys { byGroup[channel.isEmpty ? noChannelGroup : channel] = [] }
        var all: [Double] = []
        var urgent: [Double] = []
        var waiting: [WaitingOrder] = []
        for sample in samples {
            guard let minutes = sample.minutes else {
                byGroup[sample.group, default: []] += []
                waiting.append(WaitingOrder(
                    woID: sample.order.header.woID, channel: sample.group, createdAt: sample.order.header.createdAt,
                    waitingMinutes: period.to.minutes(since: sample.order.header.createdAt)))
                continue
            }
            byGroup[sample.group, default: []].append(minutes)
            all.append(minutes)
            if sample.urgent { urgent.append(minutes) }
        }
        var groups: [FirstUpdateGroup] = []
        var verdict: Bool?
        for (name, values) in byGroup.sorted(by: { $0.key < $1.key }) {
            let minutes = Distribution.of(values)
            // The `(none)` group is an empty channel: its threshold would be keyed by "".
            let threshold = thresholds[name == noChannelGroup ? "" : name]
            var healthy: Bool?
            if let threshold, let mean = minutes.mean {
                healthy = mean <= threshold
                verdict = (verdict ?? true) && mean <= threshold
            }
            groups.append(FirstUpdateGroup(group: name, minutes: minutes, thresholdMinutes: threshold,
                                           healthy: healthy))
        }
        let urgentMinutes = Distribution.of(urgent)
        let urgentThreshold = rules.urgency.firstUpdateMinutes
        waiting.sort { ($0.createdAt, $0.woID) < ($1.createdAt, $1.woID) }
        return FirstUpdateKPI(
            overall: FirstUpdateGroup(group: overallGroup, minutes: Distribution.of(all), thresholdMinutes: nil,
                                      healthy: verdict),
            byChannel: groups,
            urgent: FirstUpdateGroup(group: urgentGroup, minutes: urgentMinutes, thresholdMinutes: urgentThreshold,
                                     healthy: urgentMinutes.mean.map { $0 <= urgentThreshold }),
            waiting: waiting,
            healthy: verdict)
    }
}
