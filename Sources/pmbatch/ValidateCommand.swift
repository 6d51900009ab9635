import ArgumentParser
import Foundation
import PMBatchConfig
import PMBatchCore
import PMBatchIngest

/// `pmbatch validate`: reads everything, writes nothing, lists every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the rules file and every input file; write nothing; exit 1 if anything is wrong.")

    @Option(name: .long, help: ArgumentHelp("The data directory (SPEC layout).", valueName: "dir"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("The rules file (default: DATA/rules.toml if present).",
                                            valueName: "file"))
    var rules: String?

    @Option(name: .long, help: "Print at most this many quarantined rows (all are counted).")
    var limit: Int = 200

    func run() throws {
        let loaded: LoadedRules
        do throws(ConfigError) {
            loaded = try CommonOptions.loadRules(explicit: rules, data: data)
        } catch {
            print("RULES \(error.description)")
            throw PMBatchFailure.configuration(error.description)
        }
        let files = try CommonOptions.inputFiles(data: data, rules: loaded.ruleSet)
        var knownAssets: Set<String>?
        // What the rules' names are checked against: every code and component type the files hold.
        var knownCodes = Set<String>()
        var knownComponentTypes = Set<String>()
        var problems = 0
        var printed = 0
        var rows = 0
        for file in files {
            let context = ReadContext(zone: loaded.ruleSet.zone, columns: loaded.ruleSet.columns,
                                      knownAssets: knownAssets)
            do {
                let contribution = try IngestJob.read(file, context: context)
                rows += contribution.entry.rowsRead
                problems += contribution.entry.rowsQuarantined
                for q in contribution.quarantined where printed < limit {
                    print("QUARANTINE \(q.file):\(q.line) [\(q.reason.rawValue)] \(q.field.isEmpty ? "" : q.field + ": ")"
                          + q.detail)
                    printed += 1
                }
                for day in contribution.telemetry { knownCodes.insert(day.code) }
                for (_, record) in contribution.records {
                    if case .component(let c) = record { knownComponentTypes.insert(c.componentType) }
                }
                if file.kind == .assets {
                    var ids = knownAssets ?? []
                    for (_, record) in contribution.records {
                        if case .asset(let a) = record { ids.insert(a.assetID) }
                    }
                    knownAssets = ids
                }
            } catch {
                problems += 1
                print("REJECTED \(error.description)")
            }
        }
        let findings = RuleNameCheck.check(loaded.ruleSet, knownCodes: knownCodes,
                                           knownComponentTypes: knownComponentTypes)
        for finding in findings {
            // Only a rule written in a rules file can hold a typo; for a built-in rule (no rules file, or one that
            // defines no rules) it is a remark, not a problem.
            let written = loaded.nameLocation(ofRule: finding.ruleID) != nil
            for problem in RuleNameProblems.problems([finding], rules: loaded) {
                if written { problems += 1 }
                print((written ? "RULES " : "NOTE ") + problem)
            }
        }
        for note in RuleNameProblems.notes(findings) { print("NOTE \(note)") }
        let found = problems == 0 ? "no problems" : counted(problems, "problem")
        print("Checked \(counted(files.count, "file")), \(counted(rows, "row")): \(found).")
        if problems > 0 { throw ExitCode(1) }
    }
}

/// "1 file", "2 files": `n` and `noun`, plural unless `n` is 1.
func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
