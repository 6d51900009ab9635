@testable import PMBatchConfig
import PMBatchCore
import Testing

@Suite("canonical text and digest")
struct DigestTests {
    /// The SPEC example rewritten: other key and table order, other spacing and quotes, a `[kpi.baseline]`
    /// section instead of an inline table, dotted keys, `1825d` for `5y`, a TOML date, `10.0` for `10`,
    /// a one-element `codes` for `code`, keywords in another order.
    static let reformatted = #"""
        timezone = 'Asia/Shanghai'
        [urgency]
        first_update_minutes = 10.0
        keywords = [ "offline", "won't start", "alarm", "shutdown",
                     "离线", "黑屏", "无法启动", "报警", "停机" ]

        [[batch_age_rule]]
        min_count = 3
        min_age   = "1825d"
        component_type = "encoder"
        id = "encoder-batch"

        [status_map]
        'Take in charge ticket' = 'acknowledged'

        [[alert_rule]]
        due_in = "7d"
        priority = 'normal'
        action = "Lubricate door guide shoes; inspect door operator"
        skill = "door-system"
        more_than = 5
        window = "calendar_month"
        codes = ["door_open_delay"]
        id = "door-open-delay"

        [[age_rule]]
        min_age = "1095d"
        component_type = "brake_pad"
        id = "brake-pad-age"

        [kpi.baseline]
        to = 2025-03-31
        from = "2025-01-01"

        [kpi]
        recurrence_max = 5e-2
        recurrence_days = 30
        utilization_per_engineer_day = 12.0
        utilization_gain_min = 0.22
        efficiency_gain_min = 0.35
        first_update_minutes.phone = 30
        first_update_minutes.online = 15
        first_update_minutes.app = 15
        first_update_minutes.email = 15
        """#

    @Test("FNV-1a 64 matches the reference vectors")
    func fnvVectors() {
        #expect(fnv1a64("".utf8) == 0xcbf2_9ce4_8422_2325)
        #expect(fnv1a64("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(fnv1a64("foobar".utf8) == 0x8594_4171_f739_67e8)
    }

    @Test("the digest is 16 hex digits and pinned for the built-in rules")
    func builtInDigest() {
        let digest = RulesLoader.builtIn.digest
        #expect(digest.count == 16)
        #expect(digest.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        // Changing the canonical form changes every digest in archived reports: do it on purpose only.
        #expect(digest == "e28eb247a71880f6")
    }

    @Test("reformatting and reordering the file keeps the digest")
    func stableUnderReformatting() throws {
        let original = try RulesLoader.load(text: SpecExample.text, path: "a.toml")
        let rewritten = try RulesLoader.load(text: Self.reformatted, path: "b.toml")
        #expect(rewritten.ruleSet.canonicalText == original.ruleSet.canonicalText)
        #expect(rewritten.digest == original.digest)
    }

    @Test("the canonical text loads back to the same rules and digest")
    func canonicalRoundTrip() throws {
        let sources = [SpecExample.text, "", "alert_rule = []\n", """
            timezone = "America/New_York"
            [[alert_rule]]
            id = "q\\"uote"
            codes = ["b", "a"]
            window = "30d"
            more_than = 2
            [status_map]
            "Wait - Customer" = "waiting_customer"
            [columns.telemetry]
            ts = "date time"
            """, """
            [files]
            assets = "PdM_machines.csv"
            telemetry = ["b/*.csv", "a.csv"]
            failures = { glob = "f.csv", drop_date = 2015-01-01 }
            """]
        for source in sources {
            let loaded = try RulesLoader.load(text: source, path: "r.toml")
            let again = try RulesLoader.load(text: loaded.ruleSet.canonicalText, path: "canonical.toml")
            #expect(again.ruleSet.canonicalText == loaded.ruleSet.canonicalText)
            #expect(again.digest == loaded.digest)
        }
    }

    @Test("a change of meaning changes the digest", arguments: [
        ("more_than = 5", "more_than = 6"),
        ("recurrence_max = 0.05", "recurrence_max = 0.06"),
        ("min_age = \"3y\"", "min_age = \"1096d\""),
        ("\"Take in charge ticket\" = \"acknowledged\"", "\"Take in charge ticket\" = \"dispatched\""),
        ("timezone = \"Asia/Shanghai\"", "timezone = \"Asia/Tokyo\""),
        ("code = \"door_open_delay\"", "codes = [\"door_open_delay\", \"door_close_delay\"]"),
        ("window = \"calendar_month\"", "window = \"30d\""),
        ("priority = \"normal\"", "priority = \"high\""),
        ("to = \"2025-03-31\"", "to = \"2025-03-30\""),
        ("first_update_minutes = 10 ", "first_update_minutes = 11 "),
    ])
    func changesDigest(_ change: (String, String)) throws {
        #expect(SpecExample.text.contains(change.0))
        let original = try RulesLoader.load(text: SpecExample.text, path: "r.toml")
        let changed = try RulesLoader.load(
            text: SpecExample.text.replacingOccurrences(of: change.0, with: change.1), path: "r.toml")
        #expect(changed.digest != original.digest)
    }

    @Test("column and status maps change the digest; map key order does not")
    func mapsInDigest() throws {
        let a = try RulesLoader.load(text: "[columns.telemetry]\nts = \"datetime\"\nasset_id = \"machineID\"\n",
                                     path: "r.toml")
        let b = try RulesLoader.load(text: "[columns.telemetry]\nasset_id = \"machineID\"\nts = \"datetime\"\n",
                                     path: "r.toml")
        let c = try RulesLoader.load(text: "[columns.telemetry]\nasset_id = \"machineID\"\nts = \"time\"\n",
                                     path: "r.toml")
        #expect(a.digest == b.digest)
        #expect(a.digest != c.digest)
        #expect(a.digest != RulesLoader.builtIn.digest)
    }

    @Test("[files] is in the canonical text and the digest; absent, it leaves both as they were")
    func filesInDigest() throws {
        let plain = try RulesLoader.load(text: "timezone = \"UTC\"\n", path: "r.toml")
        #expect(!plain.ruleSet.canonicalText.contains("[files]"))
        #expect(plain.digest == RulesLoader.builtIn.digest)
        let a = try RulesLoader.load(text: "[files]\ntelemetry = [\"e.csv\", \"d/*.csv\"]\n", path: "r.toml")
        let b = try RulesLoader.load(text: "[files.telemetry]\nglob = [\"d/*.csv\", \"e.csv\"]\n", path: "r.toml")
        let c = try RulesLoader.load(text: "[files]\ntelemetry = [\"e.csv\"]\n", path: "r.toml")
        let d = try RulesLoader.load(text: "[files]\ntelemetry = { glob = [\"e.csv\", \"d/*.csv\"], "
                                     + "drop_date = \"2015-01-01\" }\n", path: "r.toml")
        #expect(a.ruleSet.canonicalText.hasSuffix(
            "\n[files]\ntelemetry = { glob = [\"d/*.csv\", \"e.csv\"] }\n"))
        #expect(d.ruleSet.canonicalText.hasSuffix(
            "\n[files]\ntelemetry = { glob = [\"d/*.csv\", \"e.csv\"], drop_date = \"2015-01-01\" }\n"))
        #expect(a.digest == b.digest)
        #expect(a.digest != plain.digest)
        #expect(a.digest != c.digest)
        #expect(a.digest != d.digest)
    }
}
