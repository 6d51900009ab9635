import PMBatchCore

/// A value read from the rules file, with where it was written.
struct Located<Value: Sendable>: Sendable {
    var value: Value
    var location: ConfigLocation
}

/// A table of the rules file, for messages about what it lacks: its description and header line.
struct TableInfo: Sendable {
    var file: String
    var name: String
    var line: Int?

    /// The location of a key that should be in this table.
    func missing(_ key: String) -> ConfigLocation {
        ConfigLocation(file: file, line: line, key: key, table: name)
    }
}

/// `rules.toml` as written: every key optional, typed but not yet validated (SPEC §3).
///
/// ``RulesFileDecoder`` fills it (rejecting unknown keys and wrong types); ``RulesFile/ruleSet()``
/// validates it and converts it into Core's `RuleSet`.
struct RulesFile: Sendable {
    /// `skill`, `action`, `priority`, `due_in`: what every rule kind may carry.
    struct Work: Sendable {
        var skill: Located<String>?
        var action: Located<String>?
        var priority: Located<String>?
        var dueIn: Located<String>?
    }

    /// One `[[alert_rule]]`.
    struct AlertRuleEntry: Sendable {
        var table: TableInfo
        var id: Located<String>?
        var code: Located<String>?
        var codes: Located<[String]>?
        var window: Located<String>?
        var moreThan: Located<Int>?
        var work: Work
    }

    /// One `[[age_rule]]`.
    struct AgeRuleEntry: Sendable {
        var table: TableInfo
        var id: Located<String>?
        var componentType: Located<String>?
        var minAge: Located<String>?
        var work: Work
    }

    /// One `[[batch_age_rule]]`.
    struct BatchAgeRuleEntry: Sendable {
        var table: TableInfo
        var id: Located<String>?
        var componentType: Located<String>?
        var minAge: Located<String>?
        var minCount: Located<Int>?
        var work: Work
    }

    /// `[kpi]`.
    struct KPISection: Sendable {
        var firstUpdateMinutes: [String: Located<Double>] = [:]
        var efficiencyGainMin: Located<Double>?
        var utilizationGainMin: Located<Double>?
        var utilizationPerEngineerDay: Located<Double>?
        var recurrenceDays: Located<Int>?
        var recurrenceMax: Located<Double>?
        var baseline: Baseline?
    }

    /// `[kpi] baseline = { from, to }`.
    struct Baseline: Sendable {
        var table: TableInfo
        var from: Located<String>?
        var to: Located<String>?
    }

    /// `[urgency]`.
    struct UrgencySection: Sendable {
        var keywords: Located<[String]>?
        var firstUpdateMinutes: Located<Double>?
    }

    /// `[columns.<kind>]`: pmbatch column → source column.
    struct ColumnSection: Sendable {
        var kind: FileKind
        var mappings: [String: Located<String>]
    }

    /// `[freshness]`.
    struct FreshnessSection: Sendable {
        var require: Located<[String]>?
        var within: Located<String>?
    }

    /// One kind's entry in `[files]`: its globs (a string is a list of one) and optional fixed drop date.
    struct FilesEntry: Sendable {
        var kind: FileKind
        var globs: Located<[String]>
        var dropDate: Located<String>?
    }

    var file: String
    var timezone: Located<String>?
    var version: Located<Int>?
    /// nil when the file has no `[[alert_rule]]` at all (as opposed to an empty `alert_rule = []`).
    var alertRules: [AlertRuleEntry]?
    var ageRules: [AgeRuleEntry]?
    var batchAgeRules: [BatchAgeRuleEntry]?
    var kpi = KPISection()
    var urgency = UrgencySection()
    /// Source status → canonical status name, as written.
    var statusMap: [String: Located<String>] = [:]
    var columns: [ColumnSection] = []
    /// `[files]`, in `FileKind` order; empty when the table is absent.
    var files: [FilesEntry] = []
    var freshness = FreshnessSection()
}

extension RulesFile {
    /// Rule ID → the location of the key naming what the rule watches (`code`/`codes`, `component_type`), else
    /// of the rule's table header. Only meaningful once ``ruleSet()`` accepted the file (IDs are unique).
    var ruleNameLocations: [String: ConfigLocation] {
        var result: [String: ConfigLocation] = [:]
        func add(_ id: Located<String>?, _ name: ConfigLocation?, _ table: TableInfo, key: String) {
            guard let id else { return }
            result[id.value] = name ?? table.missing(key)
        }
        for e in alertRules ?? [] { add(e.id, (e.codes?.location ?? e.code?.location), e.table, key: "code") }
        for e in ageRules ?? [] { add(e.id, e.componentType?.location, e.table, key: "component_type") }
        for e in batchAgeRules ?? [] { add(e.id, e.componentType?.location, e.table, key: "component_type") }
        return result
    }
}
