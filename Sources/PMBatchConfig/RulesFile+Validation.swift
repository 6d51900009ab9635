import PMBatchCore

extension RulesFile {
    /// The longest duration or window accepted, in days (100 years): longer is a typo, and would
    /// overflow date arithmetic downstream.
    static let maximumDays = 36_500

    /// Validates the file and converts it into Core's `RuleSet`, filling missing keys from the
    /// built-in defaults.
    ///
    /// Rules: when the file has any `[[alert_rule]]`, `[[age_rule]]` or `[[batch_age_rule]]` (even an
    /// empty `alert_rule = []`), its rules replace the built-in rules entirely — all three kinds — so a
    /// file states the full rule set it runs; when it has none of them, the built-in rules apply.
    /// `[kpi] first_update_minutes` is merged channel by channel over the defaults (online, app,
    /// email 15; phone 30); `[urgency] keywords` replaces the default list.
    func ruleSet() throws(ConfigError) -> RuleSet {
        var result = RuleSet.defaults
        if let version, version.value != 1 {
            throw .outOfRange(version.location, value: String(version.value), allowed: "1 (the only version so far)")
        }
        if let timezone {
            guard !timezone.value.isEmpty, let zone = ZoneRules(identifier: timezone.value) else {
                throw .badTimeZone(timezone.location, value: timezone.value)
            }
            result.zone = zone
        }

        if alertRules != nil || ageRules != nil || batchAgeRules != nil {
            var ids = RuleIDRegistry()
            result.alertRules = []
            result.ageRules = []
            result.batchAgeRules = []
            for entry in alertRules ?? [] {
                result.alertRules.append(try alertRule(entry, ids: &ids))
            }
            for entry in ageRules ?? [] {
                let id = try ids.claim(entry.id, in: entry.table)
                let componentType = try required(entry.componentType, "component_type", in: entry.table)
                let minAge = try requiredDuration(entry.minAge, "min_age", in: entry.table)
                result.ageRules.append(AgeRule(id: id, componentType: componentType, minAge: minAge,
                                               work: try work(entry.work)))
            }
            for entry in batchAgeRules ?? [] {
                let id = try ids.claim(entry.id, in: entry.table)
                let componentType = try required(entry.componentType, "component_type", in: entry.table)
                let minAge = try requiredDuration(entry.minAge, "min_age", in: entry.table)
                guard let minCount = entry.minCount else { throw .missingKey(entry.table.missing("min_count")) }
                guard minCount.value >= 1 else {
                    throw .outOfRange(minCount.location, value: String(minCount.value), allowed: "at least 1")
                }
                result.batchAgeRules.append(BatchAgeRule(id: id, componentType: componentType, minAge: minAge,
                                                         minCount: minCount.value, work: try work(entry.work)))
            }
        }

        result.kpi = try kpiThresholds()
        result.urgency = try urgencyRules()

        for (source, target) in statusMap.sorted(by: { $0.key < $1.key }) {
            guard !source.isEmpty else { throw .emptyValue(target.location) }
            guard let status = WorkOrderStatus(rawValue: target.value) else {
                throw .unknownStatus(target.location, value: target.value)
            }
            result.statusMap[source] = status
        }

        var mappings: [FileKind: [String: String]] = [:]
        for section in columns where !section.mappings.isEmpty {
            mappings[section.kind] = section.mappings.mapValues(\.value)
        }
        result.columns = ColumnMap(mappings)
        result.freshness = try freshnessRule()
        result.files = try fileMapping()
        return result
    }

    /// `[freshness]`: `require` lists dated kinds (telemetry, work_orders, work_order_events), `within` a
    /// number of days ("2d": a drop of the night or the day before counts).
    private func freshnessRule() throws(ConfigError) -> Freshness {
        var rule = Freshness()
        if let require = freshness.require {
            let dated: [FileKind] = [.workOrders, .workOrderEvents, .telemetry]
            var kinds: [FileKind] = []
            for name in require.value {
                guard let kind = FileKind(rawValue: name), dated.contains(kind) else {
                    throw .outOfRange(require.location, value: name,
                                      allowed: "kinds dropped in dated folders: telemetry, work_orders, work_order_events")
                }
                if !kinds.contains(kind) { kinds.append(kind) }
            }
            rule.required = kinds.sorted()
        }
        if let within = freshness.within {
            let days = try duration(within)
            guard within.value.hasSuffix("d"), days.days >= 1 else {
                throw .outOfRange(within.location, value: within.value, allowed: "a number of days, at least \"1d\"")
            }
            rule.withinDays = days.days
        }
        return rule
    }

    /// `[files]`: globs checked to stay inside the data directory, de-duplicated and sorted (their order
    /// means nothing: every match is read), drop dates parsed.
    private func fileMapping() throws(ConfigError) -> FileMapping {
        var mapping = FileMapping()
        for entry in files {
            guard !entry.globs.value.isEmpty else { throw .emptyValue(entry.globs.location) }
            for glob in entry.globs.value {
                try checkGlob(glob, at: entry.globs.location)
            }
            var dropDate: LocalDate?
            if let text = entry.dropDate {
                guard let date = LocalDate(text.value) else { throw .badDate(text.location, value: text.value) }
                dropDate = date
            }
            mapping.entries[entry.kind] = FileMapping.Entry(globs: Array(Set(entry.globs.value)).sorted(),
                                                            dropDate: dropDate)
        }
        return mapping
    }

    /// A glob must name files inside the data directory, the way the scan walks it: relative, `/`-separated,
    /// no empty, `.` or `..` part and no hidden (dot) part, which the scan never enters.
    private func checkGlob(_ glob: String, at location: ConfigLocation) throws(ConfigError) {
        guard !glob.isEmpty else { throw .emptyValue(location) }
        if glob.hasPrefix("/") { throw .badGlob(location, value: glob, reason: "it must be relative to DATA") }
        if glob.contains("\\") {
            throw .badGlob(location, value: glob, reason: "separate folders with '/'; backslash escapes are not supported")
        }
        for part in glob.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty { throw .badGlob(location, value: glob, reason: "it has an empty path part") }
            if part == "." || part == ".." {
                throw .badGlob(location, value: glob, reason: "'.' and '..' are not allowed; name the path from DATA")
            }
            if part.hasPrefix(".") {
                throw .badGlob(location, value: glob, reason: "hidden files and folders are never read")
            }
        }
    }

    private func alertRule(_ entry: AlertRuleEntry, ids: inout RuleIDRegistry) throws(ConfigError) -> AlertRule {
        let id = try ids.claim(entry.id, in: entry.table)
        var codes: [String]
        switch (entry.code, entry.codes) {
        case (let code?, _?):
            throw .conflictingKeys(code.location, other: "codes")
        case (let code?, nil):
            guard !code.value.isEmpty else { throw .emptyValue(code.location) }
            codes = [code.value]
        case (nil, let list?):
            guard !list.value.isEmpty else { throw .emptyValue(list.location) }
            if list.value.contains("") { throw .emptyValue(list.location) }
            codes = []
            for code in list.value where !codes.contains(code) { codes.append(code) }
        case (nil, nil):
            throw .missingKey(entry.table.missing("code"))
        }
        let window = try entry.window.map { (text) throws(ConfigError) -> AlertWindow in
            try alertWindow(text)
        } ?? .calendarMonth
        guard let moreThan = entry.moreThan else { throw .missingKey(entry.table.missing("more_than")) }
        guard moreThan.value >= 0 else {
            throw .outOfRange(moreThan.location, value: String(moreThan.value), allowed: "zero or more")
        }
        return AlertRule(id: id, codes: codes, window: window, moreThan: moreThan.value, work: try work(entry.work))
    }

    private func work(_ work: Work) throws(ConfigError) -> RuleAction {
        var action = RuleAction()
        if let skill = work.skill { action.skill = skill.value }
        if let text = work.action { action.action = text.value }
        if let priority = work.priority {
            guard !priority.value.isEmpty else { throw .emptyValue(priority.location) }
            action.priority = priority.value
        }
        if let dueIn = work.dueIn { action.dueIn = try duration(dueIn) }
        return action
    }

    private func kpiThresholds() throws(ConfigError) -> KPIThresholds {
        var kpi = KPIThresholds()
        for (channel, minutes) in self.kpi.firstUpdateMinutes.sorted(by: { $0.key < $1.key }) {
            kpi.firstUpdateMinutes[channel] = try nonNegative(minutes)
        }
        if let value = self.kpi.efficiencyGainMin { kpi.efficiencyGainMin = try fraction(value) }
        if let value = self.kpi.utilizationGainMin { kpi.utilizationGainMin = try nonNegative(value) }
        if let value = self.kpi.utilizationPerEngineerDay { kpi.utilizationPerEngineerDay = try nonNegative(value) }
        if let value = self.kpi.recurrenceDays {
            guard value.value >= 1, value.value <= Self.maximumDays else {
                throw .outOfRange(value.location, value: String(value.value),
                                  allowed: "a whole number of days from 1 to \(Self.maximumDays)")
            }
            kpi.recurrenceDays = value.value
        }
        if let value = self.kpi.recurrenceMax { kpi.recurrenceMax = try fraction(value) }
        if let baseline = self.kpi.baseline {
            let from = try date(baseline.from, "from", in: baseline.table)
            let to = try date(baseline.to, "to", in: baseline.table)
            guard from <= to else {
                throw .baselineOrder(ConfigLocation(file: file, line: baseline.table.line, key: "baseline",
                                                    table: "[kpi]"),
                                     from: from.description, to: to.description)
            }
            kpi.baseline = from...to
        }
        return kpi
    }

    private func urgencyRules() throws(ConfigError) -> UrgencyRules {
        var rules = UrgencyRules()
        if let keywords = urgency.keywords {
            if keywords.value.contains(where: { $0.isEmpty }) { throw .emptyValue(keywords.location) }
            rules.keywords = keywords.value
        }
        if let minutes = urgency.firstUpdateMinutes { rules.firstUpdateMinutes = try nonNegative(minutes) }
        return rules
    }

    // MARK: - Value checks

    private func required(_ value: Located<String>?, _ key: String, in table: TableInfo) throws(ConfigError) -> String {
        guard let value else { throw .missingKey(table.missing(key)) }
        guard !value.value.isEmpty else { throw .emptyValue(value.location) }
        return value.value
    }

    private func requiredDuration(_ value: Located<String>?, _ key: String,
                                  in table: TableInfo) throws(ConfigError) -> DayCount {
        guard let value else { throw .missingKey(table.missing(key)) }
        return try duration(value)
    }

    private func duration(_ value: Located<String>) throws(ConfigError) -> DayCount {
        guard let count = DayCount(parsing: value.value) else { throw .badDuration(value.location, value: value.value) }
        guard count.days <= Self.maximumDays else {
            throw .outOfRange(value.location, value: value.value, allowed: "at most 100 years")
        }
        return count
    }

    private func date(_ value: Located<String>?, _ key: String, in table: TableInfo) throws(ConfigError) -> LocalDate {
        guard let value else { throw .missingKey(table.missing(key)) }
        guard let date = LocalDate(value.value) else { throw .badDate(value.location, value: value.value) }
        return date
    }

    private func alertWindow(_ value: Located<String>) throws(ConfigError) -> AlertWindow {
        if value.value == "calendar_month" { return .calendarMonth }
        let text = value.value
        guard text.hasSuffix("d"), let count = DayCount(parsing: text), count.days >= 1,
              count.days <= Self.maximumDays
        else { throw .badWindow(value.location, value: text) }
        return .rolling(days: count.days)
    }

    private func nonNegative(_ value: Located<Double>) throws(ConfigError) -> Double {
        guard value.value >= 0 else {
            throw .outOfRange(value.location, value: formatNumber(value.value), allowed: "zero or more")
        }
        return value.value
    }

    private func fraction(_ value: Located<Double>) throws(ConfigError) -> Double {
        guard value.value >= 0, value.value <= 1 else {
            throw .outOfRange(value.location, value: formatNumber(value.value), allowed: "a fraction from 0 to 1")
        }
        return value.value
    }
}

/// Rule IDs seen so far, across all rule kinds.
struct RuleIDRegistry {
    private var lines: [String: Int?] = [:]

    /// Checks the rule's `id` (present, non-empty, not used before) and records it.
    mutating func claim(_ id: Located<String>?, in table: TableInfo) throws(ConfigError) -> String {
        guard let id else { throw .missingKey(table.missing("id")) }
        guard !id.value.isEmpty else { throw .emptyValue(id.location) }
        if let firstLine = lines[id.value] {
            throw .duplicateRuleID(id.location, id: id.value, firstLine: firstLine)
        }
        lines[id.value] = id.location.line
        return id.value
    }
}
