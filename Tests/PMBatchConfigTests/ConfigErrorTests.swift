import PMBatchConfig
import PMBatchCore
import Testing

/// A broken rules file and what its error must say.
struct BrokenRules: Sendable, CustomTestStringConvertible {
    var label: String
    var text: String
    var kind: String
    var line: Int
    var key: String?

    var testDescription: String { label }
}

/// The name of an error's case, so cases can be compared without their payloads.
func kindName(_ error: ConfigError) -> String {
    switch error {
    case .unreadable: "unreadable"
    case .syntax: "syntax"
    case .unknownKey: "unknownKey"
    case .wrongType: "wrongType"
    case .missingKey: "missingKey"
    case .emptyValue: "emptyValue"
    case .badDuration: "badDuration"
    case .badWindow: "badWindow"
    case .badTimeZone: "badTimeZone"
    case .badDate: "badDate"
    case .unknownStatus: "unknownStatus"
    case .unknownColumn: "unknownColumn"
    case .unknownFileKind: "unknownFileKind"
    case .badGlob: "badGlob"
    case .outOfRange: "outOfRange"
    case .conflictingKeys: "conflictingKeys"
    case .duplicateRuleID: "duplicateRuleID"
    case .baselineOrder: "baselineOrder"
    }
}

/// Loads `text`, expecting a configuration error.
func configError(_ text: String) -> ConfigError? {
    do {
        _ = try RulesLoader.load(text: text, path: "rules.toml")
        return nil
    } catch {
        return error
    }
}

@Suite("configuration errors name the file, the line and the key")
struct ConfigErrorTests {
    static let alert = "[[alert_rule]]\nid = \"a\"\ncode = \"x\"\nmore_than = 1\n"  // lines 1–4

    static let cases: [BrokenRules] = [
        BrokenRules(label: "unknown top-level key", text: "timezone = \"UTC\"\ncolour = 1\n",
                    kind: "unknownKey", line: 2, key: "colour"),
        BrokenRules(label: "unknown key in [kpi]", text: "\n[kpi]\nrecurrence_days = 3\nrecurence_max = 0.1\n",
                    kind: "unknownKey", line: 4, key: "recurence_max"),
        BrokenRules(label: "unknown key in an inline table",
                    text: "[kpi]\nbaseline = { from = \"2025-01-01\", until = \"2025-02-01\" }\n",
                    kind: "unknownKey", line: 2, key: "until"),
        BrokenRules(label: "unknown file kind under [columns]", text: "# c\n\n[columns.machines]\nid = \"x\"\n",
                    kind: "unknownKey", line: 3, key: "machines"),
        BrokenRules(label: "unknown key in [urgency]", text: "[urgency]\n\n\"key words\" = [\"a\"]\n",
                    kind: "unknownKey", line: 3, key: "key words"),
        BrokenRules(label: "string for an integer", text: alert.replacingOccurrences(of: "= 1", with: "= \"1\""),
                    kind: "wrongType", line: 4, key: "more_than"),
        BrokenRules(label: "float for an integer", text: alert + "[[batch_age_rule]]\nid = \"b\"\n"
                        + "component_type = \"enc\"\nmin_age = \"1y\"\nmin_count = 2.5\n",
                    kind: "wrongType", line: 9, key: "min_count"),
        BrokenRules(label: "number in a keyword list spanning lines",
                    text: "[urgency]\nkeywords = [\n  \"a\",\n  42,\n]\n",
                    kind: "wrongType", line: 4, key: "keywords[2]"),
        BrokenRules(label: "string for a channel threshold",
                    text: "[kpi]\nrecurrence_days = 30\nfirst_update_minutes = { online = \"fast\" }\n",
                    kind: "wrongType", line: 3, key: "online"),
        BrokenRules(label: "a number where a table belongs", text: "\nkpi = 3\n",
                    kind: "wrongType", line: 2, key: "kpi"),
        BrokenRules(label: "a table where a string belongs", text: "[timezone]\nname = \"UTC\"\n",
                    kind: "wrongType", line: 1, key: "timezone"),
        BrokenRules(label: "bad duration", text: "[[age_rule]]\nid = \"p\"\ncomponent_type = \"pad\"\nmin_age = \"3 years\"\n",
                    kind: "badDuration", line: 4, key: "min_age"),
        BrokenRules(label: "negative duration", text: alert + "due_in = \"-7d\"\n",
                    kind: "badDuration", line: 5, key: "due_in"),
        BrokenRules(label: "bad window", text: alert + "window = \"month\"\n", kind: "badWindow", line: 5, key: "window"),
        BrokenRules(label: "rolling window in months", text: alert + "window = \"1m\"\n",
                    kind: "badWindow", line: 5, key: "window"),
        BrokenRules(label: "zero-day window", text: alert + "window = \"0d\"\n",
                    kind: "badWindow", line: 5, key: "window"),
        BrokenRules(label: "bad time zone", text: "# zone\ntimezone = \"Mars/Olympus_Mons\"\n",
                    kind: "badTimeZone", line: 2, key: "timezone"),
        BrokenRules(label: "status not canonical",
                    text: "[status_map]\n\"Take in charge ticket\" = \"acknowledged\"\n\"Resolve\" = \"resolved\"\n",
                    kind: "unknownStatus", line: 3, key: "Resolve"),
        BrokenRules(label: "unknown column name",
                    text: "[columns.telemetry]\nts = \"datetime\"\nmachine = \"machineID\"\n",
                    kind: "unknownColumn", line: 3, key: "machine"),
        BrokenRules(label: "empty source column", text: "[columns.assets]\nasset_id = \"\"\n",
                    kind: "emptyValue", line: 2, key: "asset_id"),
        BrokenRules(label: "duplicate rule id across kinds",
                    text: alert + "\n[[age_rule]]\nid = \"a\"\ncomponent_type = \"pad\"\nmin_age = \"3y\"\n",
                    kind: "duplicateRuleID", line: 7, key: "id"),
        BrokenRules(label: "missing id", text: alert + "\n[[age_rule]]\ncomponent_type = \"pad\"\nmin_age = \"3y\"\n",
                    kind: "missingKey", line: 6, key: "id"),
        BrokenRules(label: "missing code", text: "\n[[alert_rule]]\nid = \"a\"\nmore_than = 1\n",
                    kind: "missingKey", line: 2, key: "code"),
        BrokenRules(label: "missing more_than", text: "[[alert_rule]]\nid = \"a\"\ncodes = [\"x\"]\n",
                    kind: "missingKey", line: 1, key: "more_than"),
        BrokenRules(label: "missing component_type", text: "[[age_rule]]\nid = \"p\"\nmin_age = \"3y\"\n",
                    kind: "missingKey", line: 1, key: "component_type"),
        BrokenRules(label: "missing min_age",
                    text: alert + "[[batch_age_rule]]\nid = \"b\"\ncomponent_type = \"enc\"\nmin_count = 3\n",
                    kind: "missingKey", line: 5, key: "min_age"),
        BrokenRules(label: "missing min_count",
                    text: alert + "[[batch_age_rule]]\nid = \"b\"\ncomponent_type = \"enc\"\nmin_age = \"5y\"\n",
                    kind: "missingKey", line: 5, key: "min_count"),
        BrokenRules(label: "missing baseline end", text: "[kpi]\nbaseline = { from = \"2025-01-01\" }\n",
                    kind: "missingKey", line: 2, key: "to"),
        BrokenRules(label: "negative more_than", text: alert.replacingOccurrences(of: "= 1", with: "= -1"),
                    kind: "outOfRange", line: 4, key: "more_than"),
        BrokenRules(label: "negative efficiency gain", text: "[kpi]\nefficiency_gain_min = -0.1\n",
                    kind: "outOfRange", line: 2, key: "efficiency_gain_min"),
        BrokenRules(label: "negative channel threshold", text: "[kpi]\nfirst_update_minutes = { phone = -1 }\n",
                    kind: "outOfRange", line: 2, key: "phone"),
        BrokenRules(label: "negative urgent threshold", text: "[urgency]\nfirst_update_minutes = -5\n",
                    kind: "outOfRange", line: 2, key: "first_update_minutes"),
        BrokenRules(label: "recurrence share above 1", text: "[kpi]\nrecurrence_max = 5\n",
                    kind: "outOfRange", line: 2, key: "recurrence_max"),
        BrokenRules(label: "version 2", text: "version = 2\n", kind: "outOfRange", line: 1, key: "version"),
        BrokenRules(label: "code and codes", text: alert + "codes = [\"y\"]\n",
                    kind: "conflictingKeys", line: 3, key: "code"),
        BrokenRules(label: "empty codes list", text: "[[alert_rule]]\nid = \"a\"\ncodes = []\nmore_than = 1\n",
                    kind: "emptyValue", line: 3, key: "codes"),
        BrokenRules(label: "baseline from after to",
                    text: "[kpi]\nrecurrence_days = 30\nbaseline = { from = \"2025-03-31\", to = \"2025-01-01\" }\n",
                    kind: "baselineOrder", line: 3, key: "baseline"),
        BrokenRules(label: "baseline not a date", text: "[kpi]\nbaseline = { from = \"2025-02-30\", to = \"2025-03-01\" }\n",
                    kind: "badDate", line: 2, key: "from"),
        BrokenRules(label: "key-like text inside a multi-line string is not a key",
                    text: "[[alert_rule]]\nid = \"a\"\naction = \"\"\"\ncolour = 1 # [kpi]\n\"\"\"\ncode = \"x\"\n"
                        + "more_than = 1\ncolour = 2\n",
                    kind: "unknownKey", line: 8, key: "colour"),
        BrokenRules(label: "CRLF line endings and a BOM",
                    text: "\u{FEFF}# rules\r\n[kpi]\r\nrecurrence_days = 3\r\n\r\nrecurrence_max = -1\r\n",
                    kind: "outOfRange", line: 5, key: "recurrence_max"),
        BrokenRules(label: "second array-of-tables element after other tables",
                    text: alert + "[kpi]\nrecurrence_days = 3\n[[alert_rule]]\nid = \"b\"\ncode = \"y\"\n"
                        + "more_than = 1\nwindow = \"soon\"\n",
                    kind: "badWindow", line: 11, key: "window"),
        BrokenRules(label: "unknown input kind under [files]",
                    text: "[files]\nassets = \"m.csv\"\n\ntelemtry = [\"e.csv\"]\n",
                    kind: "unknownFileKind", line: 4, key: "telemtry"),
        BrokenRules(label: "a number for [files] globs", text: "[files]\nassets = 3\n",
                    kind: "wrongType", line: 2, key: "assets"),
        BrokenRules(label: "a number in a [files] glob list", text: "[files]\ntelemetry = [\"a.csv\", 7]\n",
                    kind: "wrongType", line: 2, key: "telemetry[2]"),
        BrokenRules(label: "empty [files] glob list", text: "[files]\n\ntelemetry = []\n",
                    kind: "emptyValue", line: 3, key: "telemetry"),
        BrokenRules(label: "empty [files] glob", text: "[files]\nassets = \"\"\n",
                    kind: "emptyValue", line: 2, key: "assets"),
        BrokenRules(label: "absolute [files] glob", text: "[files]\nassets = \"/srv/export/m.csv\"\n",
                    kind: "badGlob", line: 2, key: "assets"),
        BrokenRules(label: "[files] glob leaving DATA", text: "[files]\nfailures = [\"ok.csv\", \"../f.csv\"]\n",
                    kind: "badGlob", line: 2, key: "failures"),
        BrokenRules(label: "[files] glob into a hidden folder", text: "[files]\ntelemetry = \".pmbatch/*.csv\"\n",
                    kind: "badGlob", line: 2, key: "telemetry"),
        BrokenRules(label: "unknown key in a [files] table",
                    text: "[files]\ntelemetry = { glob = \"e.csv\", dropped = \"2015-01-01\" }\n",
                    kind: "unknownKey", line: 2, key: "dropped"),
        BrokenRules(label: "[files] table without glob", text: "# x\n[files.telemetry]\ndrop_date = 2015-01-01\n",
                    kind: "missingKey", line: 2, key: "glob"),
        BrokenRules(label: "[files] drop date not a date",
                    text: "[files.telemetry]\nglob = \"e.csv\"\ndrop_date = \"2015-02-30\"\n",
                    kind: "badDate", line: 3, key: "drop_date"),
        BrokenRules(label: "TOML syntax error", text: alert + "window = = \"7d\"\n", kind: "syntax", line: 5, key: nil),
        BrokenRules(label: "TOML duplicate key", text: "[kpi]\nrecurrence_days = 3\nrecurrence_days = 4\n",
                    kind: "syntax", line: 3, key: nil),
    ]

    @Test("each error kind names the right line and key", arguments: cases)
    func namesLineAndKey(_ broken: BrokenRules) throws {
        let error = try #require(configError(broken.text))
        #expect(kindName(error) == broken.kind, "\(error)")
        #expect(error.line == broken.line, "\(error)")
        #expect(error.key == broken.key, "\(error)")
        #expect(error.file == "rules.toml")
        #expect(error.description.hasPrefix("rules.toml:\(broken.line):"), "\(error)")
        if let key = broken.key { #expect(error.description.contains(key), "\(error)") }
    }

    @Test("the message for an unknown key names the rule by number and id")
    func unknownKeyMessage() throws {
        let text = """
            timezone = "UTC"

            [[alert_rule]]
            id = "first"
            code = "a"
            more_than = 1

            [[alert_rule]]
            id = "door-open-delay"
            code = "door_open_delay"
            more_than = 5
            colour = "red"
            """
        let error = try #require(configError(text))
        #expect(error.description == "rules.toml:12: unknown key 'colour' in [[alert_rule]] #2 (id door-open-delay)")
    }

    @Test("messages read as one sentence for a planner")
    func messages() throws {
        let wrongType = try #require(configError(Self.alert.replacingOccurrences(of: "= 1", with: "= \"1\"")))
        #expect(wrongType.description
            == "rules.toml:4: 'more_than' in [[alert_rule]] #1 (id a) must be an integer, found a string")
        let missing = try #require(configError("[[age_rule]]\nid = \"p\"\nmin_age = \"3y\"\n"))
        #expect(missing.description == "rules.toml:1: missing required key 'component_type' in [[age_rule]] #1 (id p)")
        let duplicate = try #require(configError(
            Self.alert + "\n[[age_rule]]\nid = \"a\"\ncomponent_type = \"pad\"\nmin_age = \"3y\"\n"))
        #expect(duplicate.description
            == "rules.toml:7: duplicate rule id \"a\" in [[age_rule]] #1 (id a) (first used on line 2)")
        let status = try #require(configError("[status_map]\nDone = \"done\"\n"))
        #expect(status.description.hasPrefix("rules.toml:2: 'Done' in [status_map] maps to unknown status \"done\""))
        let zone = try #require(configError("timezone = \"Mars/Olympus_Mons\"\n"))
        #expect(zone.description
            == "rules.toml:1: 'timezone' in the top level is not a known IANA time zone: \"Mars/Olympus_Mons\"")
    }

    @Test("an unknown [files] kind suggests the nearest kind when it looks like a typo, and lists them all")
    func unknownFileKindMessage() throws {
        let typo = try #require(configError("[files]\nwork_order = \"orders/*.csv\"\n"))
        #expect(typo.description == "rules.toml:2: unknown input kind 'work_order' in [files] (did you mean "
            + "'work_orders'?); the input kinds are assets, components, engineers, parts, failures, work_orders, "
            + "work_order_events, telemetry")
        let far = try #require(configError("[files]\nmachines = \"PdM_machines.csv\"\n"))
        #expect(far.description.hasPrefix("rules.toml:2: unknown input kind 'machines' in [files]; the input kinds"))
        let glob = try #require(configError("[files]\nassets = \"../m.csv\"\n"))
        #expect(glob.description == "rules.toml:2: 'assets' in [files] is not a file name or glob inside the data "
            + "directory: \"../m.csv\" ('.' and '..' are not allowed; name the path from DATA)")
    }
}
