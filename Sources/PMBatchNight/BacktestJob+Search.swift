import Foundation
import PMBatchConfig
import PMBatchCore
import PMBatchReport

extension BacktestJob {
    /// `search.md`, `search.json`, `search_front.svg` and, when a set was recommended, `rules.search.toml`.
    static func searchFiles(_ search: SearchResult, rules: RuleSet) -> [(name: String, contents: String)] {
        var files = SearchReport.files(search)
        if let text = searchRulesText(search, base: rules) { files.append((SearchReport.rulesFile, text)) }
        return files
    }

    /// The recommended set as a rules file: the given rules' settings (time zone, files, columns, KPI…) with
    /// the recommended rules in place of their trigger rules, canonical text with the figures as comments.
    /// nil when nothing was recommended.
    public static func searchRulesText(_ search: SearchResult, base: RuleSet) -> String? {
        guard let index = search.recommended else { return nil }
        let comments = SearchReport.tomlComments(search)
        return base.replacingTriggerRules(with: search.rules(of: search.sets[index]))
            .canonicalText(header: comments.header, ruleComments: comments.rules)
    }

    /// The search's lines of the one-screen summary.
    public static func searchSummary(_ o: BacktestOutcome, folder: String) -> String {
        guard let s = o.search else { return "" }
        func line(_ name: String, _ score: BacktestScore) -> String { scoreLine(name, score, lead: false) }
        var lines = [
            "Search \(s.from) to \(s.lastTrainingNight), validated \(s.validateFrom) to \(s.to): "
                + "\(s.candidates.count) single rules, \(s.sets.count) sets replayed in "
                + String(format: "%.2f s", o.searchSeconds),
        ]
        if let index = s.recommended {
            let best = s.sets[index]
            lines.append("Recommended: " + best.members.map { s.candidates[$0].id }.joined(separator: ", ")
                + (s.isOverfitted(best) ? " (overfitted: large drop on validation)" : ""))
            lines.append(line("training", best.training))
            lines.append(line("validation", best.validation))
            lines.append("Rules: \(folder)/\(SearchReport.rulesFile)")
        } else {
            lines.append("Recommended: none (no alert code or component to build a rule on)")
        }
        lines.append("Search report: \(folder)/\(SearchReport.markdownFile)")
        return lines.joined(separator: "\n")
    }
}
