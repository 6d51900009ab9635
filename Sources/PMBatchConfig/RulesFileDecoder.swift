import PMBatchCore

/// Turns parsed TOML into a ``RulesFile``: every key must be one SPEC §3 names, with the right type.
enum RulesFileDecoder {
    static let topLevelKeys: Set<String> = [
        "timezone", "version", "alert_rule", "age_rule", "batch_age_rule", "kpi", "urgency", "status_map", "columns",
        "freshness",
        "files",
    ]
    static let workKeys: Set<String> = ["skill", "action", "priority", "due_in"]
    static let alertRuleKeys: Set<String> = workKeys.union(["id", "code", "codes", "window", "more_than"])
    static let ageRuleKeys: Set<String> = workKeys.union(["id", "component_type", "min_age"])
    static let batchAgeRuleKeys: Set<String> = workKeys.union(["id", "component_type", "min_age", "min_count"])
    static let kpiKeys: Set<String> = [
        "first_update_minutes", "efficiency_gain_min", "utilization_gain_min", "utilization_per_engineer_day",
        "recurrence_days", "recurrence_max", "baseline",
    ]
    static let urgencyKeys: Set<String> = ["keywords", "first_update_minutes"]
    static let filesEntryKeys: Set<String> = ["glob", "drop_date"]

    /// Decodes the document's top-level table.
    static func decode(_ document: [String: TOMLNode], file: String,
                       locator: TOMLKeyLocator) throws(ConfigError) -> RulesFile {
        let root = TOMLTableReader(file: file, locator: locator, path: [], name: "the top level", entries: document)
        try root.rejectUnknownKeys(allowed: topLevelKeys)
        var rules = RulesFile(file: file)
        rules.timezone = try root.string("timezone")
        rules.version = try root.integer("version")

        if let tables = try root.tableArray("alert_rule", name: ruleName("alert_rule")) {
            var entries: [RulesFile.AlertRuleEntry] = []
            for table in tables {
                try table.rejectUnknownKeys(allowed: alertRuleKeys)
                entries.append(RulesFile.AlertRuleEntry(
                    table: table.info, id: try table.string("id"), code: try table.string("code"),
                    codes: try table.stringArray("codes"), window: try table.string("window"),
                    moreThan: try table.integer("more_than"), work: try work(table)))
            }
            rules.alertRules = entries
        }
        if let tables = try root.tableArray("age_rule", name: ruleName("age_rule")) {
            var entries: [RulesFile.AgeRuleEntry] = []
            for table in tables {
                try table.rejectUnknownKeys(allowed: ageRuleKeys)
                entries.append(RulesFile.AgeRuleEntry(
                    table: table.info, id: try table.string("id"), componentType: try table.string("component_type"),
                    minAge: try table.string("min_age"), work: try work(table)))
            }
            rules.ageRules = entries
        }
        if let tables = try root.tableArray("batch_age_rule", name: ruleName("batch_age_rule")) {
            var entries: [RulesFile.BatchAgeRuleEntry] = []
            for table in tables {
                try table.rejectUnknownKeys(allowed: batchAgeRuleKeys)
                entries.append(RulesFile.BatchAgeRuleEntry(
                    table: table.info, id: try table.string("id"), componentType: try table.string("component_type"),
                    minAge: try table.string("min_age"), minCount: try table.integer("min_count"),
                    work: try work(table)))
            }
            rules.batchAgeRules = entries
        }
        if let kpi = try root.table("kpi", displayName: "[kpi]") {
            rules.kpi = try decodeKPI(kpi)
        }
        if let urgency = try root.table("urgency", displayName: "[urgency]") {
            try urgency.rejectUnknownKeys(allowed: urgencyKeys)
            rules.urgency.keywords = try urgency.stringArray("keywords")
            rules.urgency.firstUpdateMinutes = try urgency.number("first_update_minutes")
        }
        if let statusMap = try root.table("status_map", displayName: "[status_map]") {
            for source in statusMap.entries.keys.sorted() {
                rules.statusMap[source] = try statusMap.string(source)
            }
        }
        if let freshness = try root.table("freshness", displayName: "[freshness]") {
            try freshness.rejectUnknownKeys(allowed: ["require", "within"])
            rules.freshness.require = try freshness.stringArray("require")
            rules.freshness.within = try freshness.string("within")
        }
        if let columns = try root.table("columns", displayName: "[columns]") {
            try columns.rejectUnknownKeys(allowed: Set(FileKind.allCases.map(\.rawValue)))
            for kind in FileKind.allCases {
                guard let section = try columns.table(kind.rawValue, displayName: "[columns.\(kind.rawValue)]") else {
                    continue
                }
                rules.columns.append(try decodeColumns(section, kind: kind))
            }
        }
        if let files = try root.table("files", displayName: "[files]") {
            rules.files = try decodeFiles(files)
        }
        return rules
    }

    private static func ruleName(_ key: String) -> (Int, String?) -> String {
        { index, id in "[[\(key)]] #\(index)" + (id.map { " (id \($0))" } ?? "") }
    }

    private static func work(_ table: TOMLTableReader) throws(ConfigError) -> RulesFile.Work {
        RulesFile.Work(skill: try table.string("skill"), action: try table.string("action"),
                       priority: try table.string("priority"), dueIn: try table.string("due_in"))
    }

    private static func decodeKPI(_ kpi: TOMLTableReader) throws(ConfigError) -> RulesFile.KPISection {
        try kpi.rejectUnknownKeys(allowed: kpiKeys)
        var section = RulesFile.KPISection()
        if let channels = try kpi.table("first_update_minutes", displayName: "[kpi.first_update_minutes]") {
            for channel in channels.entries.keys.sorted() {
                section.firstUpdateMinutes[channel] = try channels.number(channel)
            }
        }
        section.efficiencyGainMin = try kpi.number("efficiency_gain_min")
        section.utilizationGainMin = try kpi.number("utilization_gain_min")
        section.utilizationPerEngineerDay = try kpi.number("utilization_per_engineer_day")
        section.recurrenceDays = try kpi.integer("recurrence_days")
        section.recurrenceMax = try kpi.number("recurrence_max")
        if let baseline = try kpi.table("baseline", displayName: "[kpi.baseline]") {
            try baseline.rejectUnknownKeys(allowed: ["from", "to"])
            section.baseline = RulesFile.Baseline(table: baseline.info, from: try baseline.dateText("from"),
                                                  to: try baseline.dateText("to"))
        }
        return section
    }

    private static func decodeColumns(_ section: TOMLTableReader,
                                      kind: FileKind) throws(ConfigError) -> RulesFile.ColumnSection {
        let known = Set(kind.requiredColumns + kind.optionalColumns)
        let unknown = section.entries.keys.filter { !known.contains($0) }
            .map { section.location($0) }
            .sorted { ($0.line ?? Int.max, $0.key) < ($1.line ?? Int.max, $1.key) }
        if let first = unknown.first { throw .unknownColumn(first, kind: kind.rawValue) }
        var mappings: [String: Located<String>] = [:]
        for column in section.entries.keys.sorted() {
            guard let source = try section.string(column) else { continue }
            guard !source.value.isEmpty else { throw .emptyValue(source.location) }
            mappings[column] = source
        }
        return RulesFile.ColumnSection(kind: kind, mappings: mappings)
    }

    /// `[files]`: per kind a glob, a list of globs, or `{ glob = …, drop_date = … }`.
    private static func decodeFiles(_ files: TOMLTableReader) throws(ConfigError) -> [RulesFile.FilesEntry] {
        let kinds = FileKind.allCases.map(\.rawValue)
        let unknown = files.entries.keys.filter { FileKind(rawValue: $0) == nil }
            .map { files.location($0) }
            .sorted { ($0.line ?? Int.max, $0.key) < ($1.line ?? Int.max, $1.key) }
        if let first = unknown.first {
            throw .unknownFileKind(first, suggestion: nearestName(to: first.key, among: kinds))
        }
        var entries: [RulesFile.FilesEntry] = []
        for kind in FileKind.allCases {
            guard let node = files.entries[kind.rawValue] else { continue }
            if case .table = node {
                let name = "[files.\(kind.rawValue)]"
                guard let table = try files.table(kind.rawValue, displayName: name) else { continue }
                try table.rejectUnknownKeys(allowed: filesEntryKeys)
                guard let globs = try table.stringOrStringArray("glob") else {
                    throw .missingKey(table.info.missing("glob"))
                }
                entries.append(RulesFile.FilesEntry(kind: kind, globs: globs, dropDate: try table.dateText("drop_date")))
            } else if let globs = try files.stringOrStringArray(
                kind.rawValue, expected: "a file name or glob, an array of them, or a table { glob, drop_date }") {
                entries.append(RulesFile.FilesEntry(kind: kind, globs: globs, dropDate: nil))
            }
        }
        return entries
    }

    /// The candidate closest to `name` by edit distance, when it is close enough to be a typo.
    static func nearestName(to name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(name.lowercased(), $0)) }
        guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }) else { return nil }
        return best.1 <= max(2, best.0.count / 3) ? best.0 : nil
    }

    /// The Levenshtein distance between two strings, by characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
