import Foundation
import PMBatchConfig
import PMBatchCore
import Testing
import TestSupport

@Suite("rules.toml → RuleSet")
struct RulesLoaderTests {
    @Test("the SPEC §3 example gives exactly the expected rule set")
    func specExample() throws {
        let loaded = try RulesLoader.load(text: SpecExample.text, path: "rules.toml")
        let rules = loaded.ruleSet
        #expect(loaded.sourcePath == "rules.toml")
        #expect(rules.zone.identifier == "Asia/Shanghai")

        #expect(rules.alertRules.count == 1)
        let alert = try #require(rules.alertRules.first)
        #expect(alert.id == "door-open-delay")
        #expect(alert.codes == ["door_open_delay"])
        #expect(alert.window == .calendarMonth)
        #expect(alert.moreThan == 5)
        #expect(alert.work.skill == "door-system")
        #expect(alert.work.action == "Lubricate door guide shoes; inspect door operator")
        #expect(alert.work.priority == "normal")
        #expect(alert.work.dueIn.days == 7)

        #expect(rules.ageRules.count == 1)
        let age = try #require(rules.ageRules.first)
        #expect(age.id == "brake-pad-age")
        #expect(age.componentType == "brake_pad")
        #expect(age.minAge.days == 3 * 365)
        #expect(age.work == RuleAction())

        #expect(rules.batchAgeRules.count == 1)
        let batch = try #require(rules.batchAgeRules.first)
        #expect(batch.id == "encoder-batch")
        #expect(batch.componentType == "encoder")
        #expect(batch.minAge.days == 5 * 365)
        #expect(batch.minCount == 3)
        #expect(batch.work == RuleAction())

        #expect(rules.kpi.firstUpdateMinutes == ["online": 15, "app": 15, "email": 15, "phone": 30])
        #expect(rules.kpi.efficiencyGainMin == 0.35)
        #expect(rules.kpi.utilizationGainMin == 0.22)
        #expect(rules.kpi.utilizationPerEngineerDay == 12)
        #expect(rules.kpi.recurrenceDays == 30)
        #expect(rules.kpi.recurrenceMax == 0.05)
        #expect(rules.kpi.baseline == LocalDate("2025-01-01")!...LocalDate("2025-03-31")!)

        #expect(rules.urgency.keywords == ["停机", "报警", "无法启动", "黑屏", "离线", "shutdown", "alarm", "won't start",
                                           "offline"])
        #expect(rules.urgency.firstUpdateMinutes == 10)
        #expect(rules.statusMap == ["Take in charge ticket": .acknowledged])
        #expect(rules.canonicalStatus("Take in charge ticket") == .acknowledged)
        #expect(rules.columns == ColumnMap())
        #expect(loaded.digest == rules.digest)
    }

    @Test("no file, an empty file and a file with only comments all give the built-in rules")
    func defaults() throws {
        #expect(RulesLoader.builtIn.ruleSet == RuleSet.defaults)
        #expect(RulesLoader.builtIn.sourcePath == nil)
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID()).toml").path
        #expect(try RulesLoader.loadIfPresent(path: missing).ruleSet == RuleSet.defaults)
        #expect(try RulesLoader.loadIfPresent(path: missing).digest == RulesLoader.builtIn.digest)
        for text in ["", "# nothing here\n\n", "\u{FEFF}version = 1\n"] {
            let loaded = try RulesLoader.load(text: text, path: "rules.toml")
            #expect(loaded.ruleSet == RuleSet.defaults)
            #expect(loaded.digest == RulesLoader.builtIn.digest)
        }
    }

    @Test("missing keys take the defaults; kpi channels merge over the default channels")
    func partialSections() throws {
        let text = """
            timezone = "Europe/Paris"
            [kpi]
            first_update_minutes = { phone = 45, wechat = 20.5 }
            recurrence_max = 0.1
            [urgency]
            keywords = ["fire"]
            """
        let rules = try RulesLoader.load(text: text, path: "rules.toml").ruleSet
        #expect(rules.zone.identifier == "Europe/Paris")
        #expect(rules.alertRules == RuleSet.defaults.alertRules)
        #expect(rules.ageRules == RuleSet.defaults.ageRules)
        #expect(rules.batchAgeRules == RuleSet.defaults.batchAgeRules)
        #expect(rules.kpi.firstUpdateMinutes == ["online": 15, "app": 15, "email": 15, "phone": 45, "wechat": 20.5])
        #expect(rules.kpi.recurrenceMax == 0.1)
        #expect(rules.kpi.efficiencyGainMin == KPIThresholds().efficiencyGainMin)
        #expect(rules.kpi.recurrenceDays == 30)
        #expect(rules.kpi.baseline == nil)
        #expect(rules.urgency.keywords == ["fire"])
        #expect(rules.urgency.firstUpdateMinutes == 10)
    }

    @Test("any rule section replaces all built-in rules; alert_rule = [] means no rules")
    func rulesReplaceDefaults() throws {
        let onlyAge = try RulesLoader.load(text: """
            [[age_rule]]
            id = "fan"
            component_type = "fan"
            min_age = "400d"
            due_in = "2m"
            priority = "high"
            """, path: "r.toml").ruleSet
        #expect(onlyAge.alertRules.isEmpty)
        #expect(onlyAge.batchAgeRules.isEmpty)
        #expect(onlyAge.ageRules == [AgeRule(id: "fan", componentType: "fan", minAge: DayCount(parsing: "400d")!,
                                             work: RuleAction(priority: "high", dueIn: DayCount(parsing: "2m")!))])
        #expect(onlyAge.ageRules[0].work.dueIn.days == 60)

        let none = try RulesLoader.load(text: "alert_rule = []\n", path: "r.toml").ruleSet
        #expect(none.alertRules.isEmpty && none.ageRules.isEmpty && none.batchAgeRules.isEmpty)
        #expect(none.digest != RuleSet.defaults.digest)
    }

    @Test("codes lists and rolling windows")
    func codesAndWindows() throws {
        let rules = try RulesLoader.load(text: """
            [[alert_rule]]
            id = "errors-1-2"
            codes = ["error1", "error2", "error1"]
            window = "30d"
            more_than = 3

            [[alert_rule]]
            id = "weekly"
            code = "error5"
            window = "7d"
            more_than = 0
            skill = "electrical"

            [[alert_rule]]
            id = "monthly-default-window"
            codes = ["error4"]
            more_than = 10
            """, path: "r.toml").ruleSet
        #expect(rules.alertRules.map(\.id) == ["errors-1-2", "weekly", "monthly-default-window"])
        #expect(rules.alertRules[0].codes == ["error1", "error2"])
        #expect(rules.alertRules[0].window == .rolling(days: 30))
        #expect(rules.alertRules[1].codes == ["error5"])
        #expect(rules.alertRules[1].window == .rolling(days: 7))
        #expect(rules.alertRules[1].moreThan == 0)
        #expect(rules.alertRules[1].work.skill == "electrical")
        #expect(rules.alertRules[2].window == .calendarMonth)
    }

    @Test("inline arrays of tables, dotted keys and TOML dates are accepted")
    func alternativeSyntax() throws {
        let rules = try RulesLoader.load(text: """
            alert_rule = [ { id = "a", code = "x", more_than = 1 },
                           { id = "b", code = "y", more_than = 2, window = "14d" } ]
            kpi.recurrence_days = 14
            [kpi.baseline]
            from = 2025-02-01
            to = 2025-02-28
            """, path: "r.toml").ruleSet
        #expect(rules.alertRules.map(\.id) == ["a", "b"])
        #expect(rules.alertRules[1].window == .rolling(days: 14))
        #expect(rules.kpi.recurrenceDays == 14)
        #expect(rules.kpi.baseline == LocalDate("2025-02-01")!...LocalDate("2025-02-28")!)
    }

    @Test("status map: any source string onto the canonical vocabulary")
    func statusMap() throws {
        let rules = try RulesLoader.load(text: """
            [status_map]
            "Take in charge ticket" = "acknowledged"
            "Resolve ticket" = "technical_closed"
            Closed = "closed"
            "Wait - Customer" = "waiting_customer"
            """, path: "r.toml").ruleSet
        #expect(rules.statusMap == ["Take in charge ticket": .acknowledged, "Resolve ticket": .technicalClosed,
                                    "Closed": .closed, "Wait - Customer": .waitingCustomer])
        #expect(rules.canonicalStatus("on_site") == .onSite)
        #expect(rules.canonicalStatus("Something else") == nil)
    }

    @Test("column maps for every file kind")
    func columnMaps() throws {
        let rules = try RulesLoader.load(text: """
            [columns.work_order_events]
            wo_id = "Case ID"
            ts = "Complete Timestamp"
            status = "Activity"
            actor = "Resource"
            customer_id = "customer"

            [columns.engineers]
            engineer_id = "id"
            skills = "Skill Tags"
            """, path: "r.toml").ruleSet
        #expect(rules.columns.mappings == [
            .workOrderEvents: ["wo_id": "Case ID", "ts": "Complete Timestamp", "status": "Activity",
                               "actor": "Resource", "customer_id": "customer"],
            .engineers: ["engineer_id": "id", "skills": "Skill Tags"],
        ])
        #expect(rules.columns.sourceName(for: "status", in: .workOrderEvents) == "Activity")
        #expect(rules.columns.sourceName(for: "evidence", in: .workOrderEvents) == "evidence")
        #expect(rules.columns.sourceName(for: "status", in: .workOrders) == "status")
    }

    @Test("[files]: a name, a list of globs, or a table with a fixed drop date, per input kind")
    func fileMapping() throws {
        let rules = try RulesLoader.load(text: """
            [files]
            assets = "PdM_machines.csv"
            telemetry = ["exports/*/errors-*.csv", "PdM_errors.csv", "PdM_errors.csv"]
            failures = { glob = "PdM_failures.csv", drop_date = "2015-01-01" }

            [files.work_orders]
            glob = ["orders/*.csv"]
            drop_date = 2016-02-29
            """, path: "r.toml").ruleSet
        #expect(rules.files.entries == [
            .assets: FileMapping.Entry(globs: ["PdM_machines.csv"]),
            // Sorted and de-duplicated: the order of the globs means nothing, every match is read.
            .telemetry: FileMapping.Entry(globs: ["PdM_errors.csv", "exports/*/errors-*.csv"]),
            .failures: FileMapping.Entry(globs: ["PdM_failures.csv"], dropDate: LocalDate("2015-01-01")),
            .workOrders: FileMapping.Entry(globs: ["orders/*.csv"], dropDate: LocalDate("2016-02-29")),
        ])
        #expect(try RulesLoader.load(text: "timezone = \"UTC\"\n", path: "r.toml").ruleSet.files.isEmpty)
    }

    @Test("load(path:) reads a file and names it; a missing or non-UTF-8 file is unreadable")
    func fileLoading() throws {
        let folder = try TestPaths.makeScratchDirectory("pmbatch-config")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try TestPaths.write(SpecExample.text, to: "rules.toml", under: folder)
        let loaded = try RulesLoader.load(path: url.path)
        #expect(loaded.sourcePath == url.path)
        #expect(loaded.ruleSet.zone.identifier == "Asia/Shanghai")

        let missing = folder.appendingPathComponent("absent.toml").path
        #expect(throws: ConfigError.unreadable(file: missing, reason: "no such file")) {
            try RulesLoader.load(path: missing)
        }
        let latin1 = try TestPaths.write(Data([0x23, 0x20, 0xE9, 0xFF, 0x0A]), to: "latin1.toml", under: folder)
        #expect(throws: ConfigError.unreadable(file: latin1.path, reason: "not UTF-8 text")) {
            try RulesLoader.load(path: latin1.path)
        }

        let broken = try TestPaths.write("timezone = \"UTC\"\n[kpi]\nrecurrence_days = \n", to: "bad.toml",
                                         under: folder)
        do {
            _ = try RulesLoader.load(path: broken.path)
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.description.hasPrefix("\(broken.path):3:"))
        }
    }

    @Test("each rule's names are located at their key, else at the rule's header; built-in rules have none")
    func nameLocations() throws {
        let text = """
            [[alert_rule]]
            id = "a"
            window = "7d"
            codes = ["x", "y"]
            more_than = 1

            [[age_rule]]
            component_type = "brake_pad"
            id = "b"
            min_age = "3y"

            [[batch_age_rule]]
            id = "c"
            min_age = "5y"
            min_count = 3
            component_type = "encoder"
            """
        let loaded = try RulesLoader.load(text: text, path: "r.toml")
        #expect(loaded.nameLocation(ofRule: "a")?.description == "r.toml:4")
        #expect(loaded.nameLocation(ofRule: "b")?.description == "r.toml:8")
        #expect(loaded.nameLocation(ofRule: "c")?.description == "r.toml:16")
        #expect(loaded.nameLocation(ofRule: "nope") == nil)
        #expect(RulesLoader.builtIn.nameLocation(ofRule: "door-open-delay") == nil)
    }
}
