import ArgumentParser
import Foundation
import PMBatchCore
import PMBatchNight

/// `pmbatch show ID|ASSET`: everything linked to a WD, a PR or an asset.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print everything linked to a work order (WD…), a spare-part request (PR…) or an asset.")

    @Argument(help: "A WD or PR ID, a work-order ID from the history, or an asset ID.")
    var id: String

    @OptionGroup var common: CommonOptions

    func run() throws {
        let rules = try common.loadRules().ruleSet
        let state = try openState(path: common.databasePath)
        let lines = try Lookup(rules: rules, defaultNight: common.night(zone: rules.zone)).lines(for: id, in: state)
        print(lines.joined(separator: "\n"))
    }
}
