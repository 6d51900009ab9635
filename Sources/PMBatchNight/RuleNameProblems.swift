import PMBatchConfig
import PMBatchCore

/// The sentences `validate` prints and `run` logs about rules that cannot fire (``RuleNameCheck``).
enum RuleNameProblems {
    /// One line per name that never occurs, e.g. `rules.toml:12: rule 'door-open-delay': code 'door_open_dealy'
    /// never occurs in the telemetry; did you mean 'door_open_delay'?`, in the rule set's order.
    static func problems(_ findings: [RuleNameFinding], rules: LoadedRules) -> [String] {
        findings.flatMap { finding in
            let place = rules.nameLocation(ofRule: finding.ruleID)?.description ?? "built-in rules"
            return (finding.unknownNames ?? []).map { "\(place): rule '\(finding.ruleID)': " + sentence($0) }
        }
    }

    /// `code 'x' never occurs in the telemetry; did you mean 'y'?`
    static func sentence(_ name: UnknownRuleName) -> String {
        let (what, noun) = switch name.kind {
        case .code: ("code '\(name.name)' never occurs in the telemetry", "code")
        case .componentType: ("component type '\(name.name)' occurs in no installation", "component type")
        }
        let quoted = name.suggestions.map { "'\($0)'" }
        let hint = switch quoted.count {
        case 0: "no known \(noun) is close"
        case 1: "did you mean \(quoted[0])?"
        default: "did you mean \(quoted.dropLast().joined(separator: ", ")) or \(quoted.last!)?"
        }
        return what + "; " + hint
    }

    /// What could not be checked at all, once per kind of name (no telemetry, no installation yet).
    static func notes(_ findings: [RuleNameFinding]) -> [String] {
        let unchecked = Set(findings.filter { $0.unknownNames == nil }.map(\.nameKind))
        return RuleNameKind.allCases.filter(unchecked.contains).map { kind in
            switch kind {
            case .code: "no telemetry ingested yet: alert codes cannot be checked"
            case .componentType: "no component installations ingested yet: component types cannot be checked"
            }
        }
    }
}
