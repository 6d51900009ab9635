/// A `--sweep RULE=LO..HI[:STEP]` request: the rule's threshold over a range (SPEC §5).
///
/// The threshold is `more_than` for an alert rule, `min_age` in days for an age rule, `min_count` for a
/// batch rule.
public struct BacktestSweep: Hashable, Sendable, CustomStringConvertible {
    public var ruleID: String
    public var low: Int
    public var high: Int
    public var step: Int

    /// The most thresholds one sweep may ask for.
    public static let maxPoints = 1_000

    /// Memberwise.
    public init(ruleID: String, low: Int, high: Int, step: Int = 1) {
        self.ruleID = ruleID
        self.low = low
        self.high = high
        self.step = step
    }

    /// Parses `RULE=LO..HI` or `RULE=LO..HI:STEP` (non-negative integers, LO ≤ HI, STEP ≥ 1).
    public init(parsing text: String) throws(BacktestError) {
        guard let eq = text.lastIndex(of: "="), eq != text.startIndex else { throw .badSweep(text, "expected RULE=LO..HI[:STEP]") }
        let rule = String(text[..<eq])
        var range = Substring(text[text.index(after: eq)...])
        var step = 1
        if let colon = range.firstIndex(of: ":") {
            guard let s = Int(range[range.index(after: colon)...]), s >= 1 else {
                throw .badSweep(text, "the step must be a whole number of at least 1")
            }
            step = s
            range = range[..<colon]
        }
        guard let dots = range.range(of: ".."), let lo = Int(range[..<dots.lowerBound]),
              let hi = Int(range[dots.upperBound...]), lo >= 0, hi >= 0
        else { throw .badSweep(text, "expected a range of whole numbers LO..HI") }
        guard lo <= hi else { throw .badSweep(text, "LO must not exceed HI") }
        guard (hi - lo) / step + 1 <= Self.maxPoints else {
            throw .badSweep(text, "more than \(Self.maxPoints) thresholds")
        }
        self.init(ruleID: rule, low: lo, high: hi, step: step)
    }

    /// The thresholds, ascending.
    public var thresholds: [Int] { Array(stride(from: low, through: high, by: step)) }

    /// `RULE=LO..HI:STEP`.
    public var description: String { "\(ruleID)=\(low)..\(high)" + (step == 1 ? "" : ":\(step)") }
}

/// A backtest that cannot run as asked.
public enum BacktestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A `--sweep` value that does not parse: the text and why.
    case badSweep(String, String)
    /// A `--sweep` naming a rule the rules file does not have: the rule and the IDs it has.
    case unknownRule(String, known: [String])

    public var description: String {
        switch self {
        case .badSweep(let text, let reason): "--sweep '\(text)': \(reason)"
        case .unknownRule(let rule, let known):
            "--sweep names rule '\(rule)', which the rules do not define (rules: "
                + (known.isEmpty ? "none" : known.joined(separator: ", ")) + ")"
        }
    }
}

extension RuleSet {
    /// Every rule ID, sorted.
    public var ruleIDs: [String] {
        (alertRules.map(\.id) + ageRules.map(\.id) + batchAgeRules.map(\.id)).sorted()
    }

    /// The rule's threshold: `more_than`, `min_age` in days or `min_count`; nil for an unknown rule.
    public func threshold(ofRule id: String) -> Int? {
        if let r = alertRules.first(where: { $0.id == id }) { return r.moreThan }
        if let r = ageRules.first(where: { $0.id == id }) { return r.minAge.days }
        if let r = batchAgeRules.first(where: { $0.id == id }) { return r.minCount }
        return nil
    }

    /// What the threshold of a rule is called: `more_than`, `min_age_days` or `min_count`.
    public func thresholdName(ofRule id: String) -> String? {
        if alertRules.contains(where: { $0.id == id }) { return "more_than" }
        if ageRules.contains(where: { $0.id == id }) { return "min_age_days" }
        if batchAgeRules.contains(where: { $0.id == id }) { return "min_count" }
        return nil
    }

    /// These rules with only the threshold of rule `id` changed to `value`; nil for an unknown rule.
    public func settingThreshold(_ value: Int, ofRule id: String) -> RuleSet? {
        var copy = self
        if let i = copy.alertRules.firstIndex(where: { $0.id == id }) {
            copy.alertRules[i].moreThan = value
        } else if let i = copy.ageRules.firstIndex(where: { $0.id == id }) {
            copy.ageRules[i].minAge = DayCount(days: value)
        } else if let i = copy.batchAgeRules.firstIndex(where: { $0.id == id }) {
            copy.batchAgeRules[i].minCount = value
        } else {
            return nil
        }
        return copy
    }
}
