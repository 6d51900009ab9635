import Foundation
import PMBatchConfig
import PMBatchCore
import Testing
import TestSupport

@Suite("a rules file that reads the Azure PdM data as it is")
struct AzurePdMRulesTests {
    /// Maps pmbatch's columns onto the Azure PdM CSV headers; errors are alerts, maintenance rows
    /// component installations (`comp` is both slot and component type), failures the ground truth.
    static let rules = """
        timezone = "UTC"
        version = 1

        [[alert_rule]]
        id = "azure-errors-weekly"
        codes = ["error1", "error2", "error3", "error4", "error5"]
        window = "7d"
        more_than = 3
        skill = "mechanical"
        due_in = "3d"

        [[age_rule]]
        id = "comp-age"
        component_type = "comp1"
        min_age = "6m"

        [columns.telemetry]
        ts = "datetime"
        asset_id = "machineID"
        code = "errorID"

        [columns.assets]
        asset_id = "machineID"
        model = "model"

        [columns.components]
        asset_id = "machineID"
        slot = "comp"
        component_type = "comp"
        installed_on = "datetime"

        [columns.failures]
        asset_id = "machineID"
        ts = "datetime"
        slot = "failure"
        fault_code = "failure"
        """

    /// The Azure file each file kind is read from.
    static let files: [FileKind: String] = [
        .telemetry: "PdM_errors.csv", .assets: "PdM_machines.csv", .components: "PdM_maint.csv",
        .failures: "PdM_failures.csv",
    ]

    @Test("the column maps load as written")
    func loads() throws {
        let rules = try RulesLoader.load(text: Self.rules, path: "azure-rules.toml").ruleSet
        #expect(rules.columns.mappings[.telemetry] == ["ts": "datetime", "asset_id": "machineID", "code": "errorID"])
        #expect(rules.columns.mappings[.components]?["slot"] == "comp")
        #expect(rules.columns.mappings[.components]?["component_type"] == "comp")
        #expect(rules.columns.mappings[.failures]?["fault_code"] == "failure")
        #expect(rules.columns.mappings[.workOrders] == nil)
        #expect(rules.alertRules.map(\.codes) == [["error1", "error2", "error3", "error4", "error5"]])
        #expect(rules.alertRules[0].window == .rolling(days: 7))
        #expect(rules.ageRules[0].minAge.days == 180)
        #expect(rules.batchAgeRules.isEmpty)
    }

    @Test("every required column of every mapped kind names a header of the real file",
          .enabled(if: TestPaths.runAzurePdMTests, "needs ../shared/data/azure-pdm beside the project"))
    func mapsRealHeaders() throws {
        let folder = try TestPaths.makeScratchDirectory("pmbatch-config-azure")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try TestPaths.write(Self.rules, to: "rules.toml", under: folder).path
        let columns = try RulesLoader.load(path: path).ruleSet.columns
        for (kind, file) in Self.files.sorted(by: { $0.key < $1.key }) {
            let text = try String(contentsOf: TestPaths.azurePdM.appendingPathComponent(file), encoding: .utf8)
            let headerLine = try #require(text.split(separator: "\n", maxSplits: 1).first)
            let header = Set(headerLine.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: ",").map(String.init))
            for column in kind.requiredColumns + (columns.mappings[kind].map { Array($0.keys) } ?? []) {
                let source = columns.sourceName(for: column, in: kind)
                #expect(header.contains(source), "\(kind.rawValue).\(column) → \(source) not in \(file): \(header)")
            }
        }
    }
}
