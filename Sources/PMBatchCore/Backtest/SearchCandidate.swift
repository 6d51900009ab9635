/// One rule `backtest --search` may put into a rule set: a condition with its thresholds, no skill yet (a set
/// decides which of its rules share a skill).
public struct SearchCandidate: Hashable, Sendable {
    /// What makes the rule fire.
    public enum Condition: Hashable, Sendable {
        /// More than `moreThan` alerts of any of `codes` over `window` (codes sorted).
        case alerts(codes: [String], window: AlertWindow, moreThan: Int)
        /// A component of `componentType` at least `minAgeDays` old.
        case age(componentType: String, minAgeDays: Int)
        /// At least `minCount` components of one batch at one site, each at least `minAgeDays` old.
        case batchAge(componentType: String, minAgeDays: Int, minCount: Int)
    }

    /// The rule ID it gets in a rules file: unique among the candidates of one search.
    public var id: String
    /// What makes it fire.
    public var condition: Condition
    /// Candidates of one family differ only in their thresholds (same codes and window, or same component
    /// type and rule kind); a set never holds two of one family, since the lower threshold would only repeat
    /// the higher one's orders.
    public var family: String

    /// Memberwise.
    public init(id: String, condition: Condition, family: String) {
        self.id = id
        self.condition = condition
        self.family = family
    }

    /// The rule kind.
    public var kind: RuleKind {
        switch condition {
        case .alerts: .alert
        case .age: .age
        case .batchAge: .batchAge
        }
    }

    /// In words, for reports and the action text: `more than 1 error1/error5 alert in 3 days`.
    public var summary: String {
        switch condition {
        case .alerts(let codes, let window, let moreThan):
            let span = switch window {
            case .calendarMonth: "a calendar month"
            case .rolling(let days): days == 1 ? "1 day" : "\(days) days"
            }
            return "more than \(moreThan) \(codes.joined(separator: "/")) alert\(moreThan == 1 ? "" : "s") in \(span)"
        case .age(let type, let days):
            return "\(type) at least \(days) days old"
        case .batchAge(let type, let days, let count):
            return "\(count) or more \(type) of one batch at one site at least \(days) days old"
        }
    }

    /// The rule, doing its work under `skill` (due in 7 days, normal priority).
    public func rule(skill: String) -> SearchedRule {
        let work = RuleAction(skill: skill, action: "Inspect: \(summary) (found by backtest --search)",
                              priority: "normal", dueIn: DayCount(days: 7))
        switch condition {
        case .alerts(let codes, let window, let moreThan):
            return .alert(AlertRule(id: id, codes: codes, window: window, moreThan: moreThan, work: work))
        case .age(let type, let days):
            return .age(AgeRule(id: id, componentType: type, minAge: DayCount(days: days), work: work))
        case .batchAge(let type, let days, let count):
            return .batchAge(BatchAgeRule(id: id, componentType: type, minAge: DayCount(days: days), minCount: count,
                                          work: work))
        }
    }
}

/// A rule of one of the three kinds.
public enum SearchedRule: Hashable, Sendable {
    /// An `[[alert_rule]]`.
    case alert(AlertRule)
    /// An `[[age_rule]]`.
    case age(AgeRule)
    /// A `[[batch_age_rule]]`.
    case batchAge(BatchAgeRule)
}

extension RuleSet {
    /// These settings (time zone, KPI thresholds, files, columns…) with `rules` instead of the trigger rules.
    public func replacingTriggerRules(with rules: [SearchedRule]) -> RuleSet {
        var copy = self
        copy.alertRules = []
        copy.ageRules = []
        copy.batchAgeRules = []
        for rule in rules {
            switch rule {
            case .alert(let r): copy.alertRules.append(r)
            case .age(let r): copy.ageRules.append(r)
            case .batchAge(let r): copy.batchAgeRules.append(r)
            }
        }
        return copy
    }
}
