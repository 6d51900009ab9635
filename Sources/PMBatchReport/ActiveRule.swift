import PMBatchCore

/// One rule of the rule set as the report's Active rules table shows it: what it watches, how often it
/// fired, and the names it watches that the data never mentions.
public struct ActiveRule: Hashable, Sendable {
    /// What a rule fires on, for the condition in words.
    public enum Condition: Hashable, Sendable {
        /// More than `moreThan` alerts of any of `codes` in `window`.
        case alerts(codes: [String], window: AlertWindow, moreThan: Int)
        /// A `componentType` component at least `minAge` old.
        case age(componentType: String, minAge: DayCount)
        /// At least `minCount` `componentType` components of one batch at one site at least `minAge` old.
        case batchAge(componentType: String, minAge: DayCount, minCount: Int)
    }

    public var ruleID: String
    public var condition: Condition
    /// Orders the rule created tonight.
    public var firedTonight: Int
    /// Orders the rule created on the nights of the period P (tonight included).
    public var firedInPeriod: Int
    /// Triggers of the rule suppressed on the nights of P.
    public var suppressedInPeriod: Int
    /// The rule's alert codes or component type that never occur in the data, with suggestions; nil when they
    /// could not be checked (no telemetry or no installation at all yet).
    public var cannotFire: [UnknownRuleName]?

    /// Memberwise.
    public init(ruleID: String, condition: Condition, firedTonight: Int = 0, firedInPeriod: Int = 0,
                suppressedInPeriod: Int = 0, cannotFire: [UnknownRuleName]? = []) {
        self.ruleID = ruleID
        self.condition = condition
        self.firedTonight = firedTonight
        self.firedInPeriod = firedInPeriod
        self.suppressedInPeriod = suppressedInPeriod
        self.cannotFire = cannotFire
    }

    /// The kind of rule.
    public var ruleKind: RuleKind {
        switch condition {
        case .alerts: .alert
        case .age: .age
        case .batchAge: .batchAge
        }
    }

    /// The alert codes or the component type the rule watches.
    public var watchedNames: [String] {
        switch condition {
        case .alerts(let codes, _, _): codes
        case .age(let type, _), .batchAge(let type, _, _): [type]
        }
    }

    /// Every rule of `rules` in the rule set's order (alert, age, then batch-age rules, each as written), with
    /// its figures: `ordersTonight` are tonight's orders, `ordersInPeriod` the orders of the nights of P,
    /// `suppressedInPeriod` the suppressed-trigger counts of those nights by rule, `findings` the
    /// ``RuleNameCheck`` of the rules against the data as of tonight.
    public static func table(rules: RuleSet, findings: [RuleNameFinding], ordersTonight: [PreventiveWorkOrder],
                             ordersInPeriod: [PreventiveWorkOrder],
                             suppressedInPeriod: [(ruleID: String, count: Int)]) -> [ActiveRule] {
        func count(_ orders: [PreventiveWorkOrder], _ id: String) -> Int { orders.count { $0.ruleID == id } }
        func make(_ id: String, _ condition: Condition) -> ActiveRule {
            // No finding: nothing known to be wrong; a finding with nil: not checked.
            let cannotFire: [UnknownRuleName]? = if let finding = findings.first(where: { $0.ruleID == id }) {
                finding.unknownNames
            } else {
                []
            }
            return ActiveRule(
                ruleID: id, condition: condition, firedTonight: count(ordersTonight, id),
                firedInPeriod: count(ordersInPeriod, id),
                suppressedInPeriod: suppressedInPeriod.filter { $0.ruleID == id }.reduce(0) { $0 + $1.count },
                cannotFire: cannotFire)
        }
        return rules.alertRules.map { make($0.id, .alerts(codes: $0.codes, window: $0.window, moreThan: $0.moreThan)) }
            + rules.ageRules.map { make($0.id, .age(componentType: $0.componentType, minAge: $0.minAge)) }
            + rules.batchAgeRules.map {
                make($0.id, .batchAge(componentType: $0.componentType, minAge: $0.minAge, minCount: $0.minCount))
            }
    }
}
