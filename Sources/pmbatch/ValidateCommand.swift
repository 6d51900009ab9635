import ArgumentParser
import Foundation
import PMBatchConfig
import PMBatchCore
import PMBatchNight

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
            throw NightFailure.configuration(error.description)
        }
        let result = try Validation(dataDirectory: data, rules: loaded, limit: limit).run()
        for line in result.lines { print(line) }
        let found = result.problems == 0 ? "no problems" : counted(result.problems, "problem")
        print("Checked \(counted(result.files, "file")), \(counted(result.rows, "row")): \(found).")
        if result.problems > 0 { throw ExitCode(1) }
    }
}

/// "1 file", "2 files": `n` and `noun`, plural unless `n` is 1.
func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
