/// Which kind of name in a rule the data must know for the rule to fire.
public enum RuleNameKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// An alert rule's `code` / `codes`: must occur in the telemetry.
    case code
    /// An age or batch-age rule's `component_type`: must occur in some installation.
    case componentType = "component_type"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A name a rule refers to that the data never mentions, with the nearest names it does mention.
public struct UnknownRuleName: Hashable, Sendable {
    public var kind: RuleNameKind
    /// The name as the rule writes it.
    public var name: String
    /// Up to ``RuleNameCheck/suggestionLimit`` known names nearest to it, nearest first; empty when none
    /// is close (see ``RuleNameCheck/maximumDistance(for:)``).
    public var suggestions: [String]

    /// Memberwise.
    public init(kind: RuleNameKind, name: String, suggestions: [String]) {
        self.kind = kind
        self.name = name
        self.suggestions = suggestions
    }
}

/// What the data knows about one rule's names.
public struct RuleNameFinding: Hashable, Sendable {
    public var ruleID: String
    public var ruleKind: RuleKind
    /// The kind of name the rule depends on.
    public var nameKind: RuleNameKind
    /// The rule's names that never occur, in the rule's order; empty when all occur; nil when they could not be
    /// checked because the data holds no name of that kind at all (no telemetry, no installation yet).
    public var unknownNames: [UnknownRuleName]?

    /// Memberwise.
    public init(ruleID: String, ruleKind: RuleKind, nameKind: RuleNameKind, unknownNames: [UnknownRuleName]?) {
        self.ruleID = ruleID
        self.ruleKind = ruleKind
        self.nameKind = nameKind
        self.unknownNames = unknownNames
    }

    /// Whether some name of the rule never occurs (so the rule, or that part of it, cannot fire).
    public var hasUnknownNames: Bool { !(unknownNames ?? []).isEmpty }
}

/// Rules that cannot fire: a `code` that never occurs in the telemetry or a `component_type` that occurs in
/// no installation is almost always a typo, which would otherwise load, validate and silently never fire.
///
/// Matching is exact (a rule counts alerts and ages components by the name exactly as written); the
/// suggestions compare case-insensitively, so `Door_Open_Delay` suggests `door_open_delay`.
public enum RuleNameCheck {
    /// How many suggestions a name gets at most.
    public static let suggestionLimit = 3

    /// The edit distance between `a` and `b`, case-insensitive: the fewest insertions, deletions,
    /// substitutions and transpositions of two adjacent characters that turn one into the other (optimal
    /// string alignment: no substring is edited twice), counted in Characters.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased()), t = Array(b.lowercased())
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        // Three rows of the (|s|+1) × (|t|+1) table: two back for transpositions.
        var before = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    best = min(best, before[j - 2] + 1)
                }
                current[j] = best
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[t.count]
    }

    /// The largest distance at which a known name is still suggested for `name`: max(2, length / 4), so a
    /// long name may carry more typos; never the whole name (a 2-letter code does not suggest every other
    /// 2-letter code).
    public static func maximumDistance(for name: String) -> Int {
        min(max(2, name.count / 4), max(name.count - 1, 0))
    }

    /// Up to ``suggestionLimit`` names of `known` within ``maximumDistance(for:)`` of `name`, nearest first,
    /// ties by name; `name` itself is never suggested.
    public static func suggestions(for name: String, among known: some Sequence<String>) -> [String] {
        let limit = maximumDistance(for: name)
        var close: [(distance: Int, name: String)] = []
        for candidate in known where candidate != name {
            let d = distance(name, candidate)
            if d <= limit { close.append((d, candidate)) }
        }
        return close.sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(suggestionLimit).map(\.name)
    }

    /// One finding per rule of `rules`, in the rule set's order (alert, age, then batch-age rules, each as
    /// written). `knownCodes` are the alert codes of the telemetry, `knownComponentTypes` the component types
    /// of the installations; an empty set means there is nothing to check against, and the rules that depend
    /// on it get `unknownNames == nil`.
    public static func check(_ rules: RuleSet, knownCodes: Set<String>,
                             knownComponentTypes: Set<String>) -> [RuleNameFinding] {
        func unknown(_ names: [String], _ kind: RuleNameKind, _ known: Set<String>) -> [UnknownRuleName]? {
            guard !known.isEmpty else { return nil }
            var seen = Set<String>()
            let sortedKnown = known.sorted()
            return names.filter { !known.contains($0) && seen.insert($0).inserted }.map {
                UnknownRuleName(kind: kind, name: $0, suggestions: suggestions(for: $0, among: sortedKnown))
            }
        }
        return rules.alertRules.map {
            RuleNameFinding(ruleID: $0.id, ruleKind: .alert, nameKind: .code,
                            unknownNames: unknown($0.codes, .code, knownCodes))
        } + rules.ageRules.map {
            RuleNameFinding(ruleID: $0.id, ruleKind: .age, nameKind: .componentType,
                            unknownNames: unknown([$0.componentType], .componentType, knownComponentTypes))
        } + rules.batchAgeRules.map {
            RuleNameFinding(ruleID: $0.id, ruleKind: .batchAge, nameKind: .componentType,
                            unknownNames: unknown([$0.componentType], .componentType, knownComponentTypes))
        }
    }
}
