import PMBatchConfig
import PMBatchCore
import Testing

@Suite("[freshness]: when a night's inputs count as arrived")
struct FreshnessTests {
    @Test("default: a telemetry drop of the night itself; an absent table leaves the digest as it was")
    func defaults() throws {
        let rules = try RulesLoader.load(text: "timezone = \"UTC\"\n", path: "rules.toml").ruleSet
        #expect(rules.freshness == Freshness(required: [.telemetry], withinDays: 1))
        #expect(!rules.canonicalText.contains("freshness"))
    }

    @Test("require and within are read, sorted, and written into the canonical text, which loads back")
    func parsed() throws {
        let text = """
            [freshness]
            require = ["work_order_events", "telemetry", "telemetry"]
            within = "2d"

            """
        let rules = try RulesLoader.load(text: text, path: "rules.toml").ruleSet
        #expect(rules.freshness.required == [.workOrderEvents, .telemetry])
        #expect(rules.freshness.withinDays == 2)
        #expect(rules.canonicalText.contains("[freshness]\nrequire = [\"work_order_events\", \"telemetry\"]\nwithin = \"2d\"\n"))
        let again = try RulesLoader.load(text: rules.canonicalText, path: "canonical.toml").ruleSet
        #expect(again.canonicalText == rules.canonicalText)
        #expect(again.freshness == rules.freshness)
        let never = try RulesLoader.load(text: "[freshness]\nrequire = []\n", path: "rules.toml").ruleSet
        #expect(never.freshness.required.isEmpty)
        #expect(never.digest != RuleSet.defaults.digest)
    }

    @Test("a kind that is not dropped in dated folders, a bad window or an unknown key is an error with its line",
          arguments: [
              ("[freshness]\nrequire = [\"assets\"]\n", 2, "require"),
              ("[freshness]\nrequire = [\"telemetri\"]\n", 2, "require"),
              ("[freshness]\nwithin = \"0d\"\n", 2, "within"),
              ("[freshness]\nwithin = \"1m\"\n", 2, "within"),
              ("[freshness]\nwithin = \"soon\"\n", 2, "within"),
              ("[freshness]\nrequired = []\n", 2, "required"),
          ])
    func errors(text: String, line: Int, key: String) {
        #expect {
            try RulesLoader.load(text: text, path: "rules.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.description.contains("rules.toml:\(line)") && error.description.contains(key)
        }
    }

    @Test("a drop counts for the night it is dated and the within − 1 nights after; an undated file for every night")
    func counts() {
        let night = LocalDate("2026-11-24")!
        let daily = Freshness()
        #expect(daily.counts(dropDate: night, for: night))
        #expect(!daily.counts(dropDate: night.adding(days: -1), for: night))
        #expect(!daily.counts(dropDate: night.adding(days: 1), for: night))
        #expect(daily.counts(dropDate: nil, for: night))
        let everyOtherDay = Freshness(withinDays: 2)
        #expect(everyOtherDay.counts(dropDate: night.adding(days: -1), for: night))
        #expect(!everyOtherDay.counts(dropDate: night.adding(days: -2), for: night))
    }
}
