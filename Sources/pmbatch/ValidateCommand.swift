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
        print("Checked \(files.count) files, \(rows) rows: \(problems == 0 ? "no problems" : "\(problems) problems").")
        if problems > 0 { throw ExitCode(1) }
    }
}
