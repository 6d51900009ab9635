import PMBatchCore

/// The files of `backtest --search` (SPEC §5): `search.md` for planners (the front, the recommended set, why),
/// `search.json` for machines (every evaluated set on both splits) and `search_front.svg`. `rules.search.toml`
/// is written by the caller from ``tomlComments(_:)`` (the rules text belongs to the configuration module).
/// Pure renderers: the same result always gives the same bytes.
public enum SearchReport {
    /// The Markdown report's file name.
    public static let markdownFile = "search.md"
    /// The JSON file's name.
    public static let jsonFile = "search.json"
    /// The front chart's file name.
    public static let chartFile = "search_front.svg"
    /// The recommended rules' file name.
    public static let rulesFile = "rules.search.toml"
    /// The most front sets the Markdown table lists (the JSON lists every set).
    public static let frontListLimit = 60

    /// `search.md`, `search.json` and the chart, in a fixed order.
    public static func files(_ r: SearchResult) -> [(name: String, contents: String)] {
        [(markdownFile, markdown(r)), (jsonFile, json(r)), (chartFile, chart(r))]
    }

    /// The sets of the training front, by alarm rate then recall.
    static func front(_ r: SearchResult) -> [Int] {
        r.sets.indices.filter { r.sets[$0].paretoOptimal }.sorted { a, b in
            let (x, y) = (r.sets[a].training, r.sets[b].training)
            return (x.alarmsPerAssetMonth ?? 0, x.recall ?? 0, a) < (y.alarmsPerAssetMonth ?? 0, y.recall ?? 0, b)
        }
    }

    /// How the recommendation was chosen, in words.
    static func objectiveText(_ r: SearchResult) -> String {
        if let cost = r.options.cost {
            return "the lowest expected cost on the training nights, \(number(cost.missed)) per missed failure + "
                + "\(number(cost.alarm)) per alarm"
        }
        return "the highest F1 on the training nights among the sets of the Pareto front (F1: the harmonic mean "
            + "of recall and precision; no `--cost-missed`/`--cost-alarm` given)"
    }

    /// A cost weight: whole numbers without decimals.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : NumberText.fixed(v, 3)
    }

    /// The rule IDs of a set, skill groups shown: `a + b` (own skills), `a & b` (one skill).
    static func setName(_ r: SearchResult, _ set: SearchedSet) -> String {
        set.members.indices.map { i in
            let id = r.candidates[set.members[i]].id
            if i == 0 { return id }
            return (set.skillOf[i] == i ? " + " : " & ") + id
        }.joined()
    }

    /// `search.md`.
    public static func markdown(_ r: SearchResult) -> String {
        let trainNights = r.lastTrainingNight.days(since: r.from) + 1
        let validNights = r.to.days(since: r.validateFrom) + 1
        var md = "# Rule search \(r.from) to \(r.to)\n\n"
        md += "`pmbatch backtest --search` tried rule sets built from the data's own alert codes and component "
            + "types, chose on the **training** nights only and then replayed every set it had evaluated on the "
            + "**validation** nights, which the choice never saw.\n\n"
        md += "- Training nights: \(r.from) to \(r.lastTrainingNight) (\(trainNights) nights)\n"
        md += "- Validation nights: \(r.validateFrom) to \(r.to) (\(validNights) nights)\n"
        md += "- Horizon: \(r.horizonDays) days; assets: \(r.assetCount)\n"
        md += "- Candidates: \(r.candidates.count) single rules; sets replayed: \(r.sets.count)\n"
        md += "- Chosen by: \(objectiveText(r))\n\n"
        md += "Every set is scored by the backtest's own replay (the nightly planner, cooldowns, suppression, "
            + "orders done at their due date), so a `pmbatch backtest` of `\(rulesFile)` over the same nights "
            + "gives the same figures. Recall, precision, alarms per asset-month and lead time mean what they "
            + "mean in `backtest.md`.\n\n"

        md += "## Recommended set\n\n"
        guard let index = r.recommended else {
            md += "None: the training nights hold no alert code or component the search could build a rule on.\n"
            return md
        }
        let best = r.sets[index]
        md += "\(best.members.count == 1 ? "One rule" : "\(best.members.count) rules"), written to `\(rulesFile)`:\n\n"
        md += "| Rule | Fires on | Skill |\n|---|---|---|\n"
        let rules = r.rules(of: best)
        for (i, member) in best.members.enumerated() {
            let c = r.candidates[member]
            md += "| \(cell(MarkdownText.code(c.id))) | \(cell(c.summary)) | \(cell(MarkdownText.code(skill(rules[i])))) |\n"
        }
        md += "\n" + header(first: "Nights") + row(first: "training", best.training) + row(first: "validation", best.validation)
        md += "\n**Why**: of the \(r.sets.count) sets replayed it has \(objectiveText(r)): "
            + objectiveValue(r, best.training) + " on the training nights.\n"
        if r.isOverfitted(best) {
            md += "\n**⚠ Overfitted**: on the validation nights its recall or precision is more than "
                + "\(NumberText.fixed(r.options.overfitDrop * 100, 0)) points below the training figure — do not "
                + "trust the training figures; expect the validation ones.\n"
        } else {
            md += "\nOn the validation nights neither recall nor precision falls more than "
                + "\(NumberText.fixed(r.options.overfitDrop * 100, 0)) points below training: no sign of "
                + "overfitting.\n"
        }
        md += "\nFor comparison, the rules as given (the rules file):\n\n"
        md += header(first: "Nights") + row(first: "training", r.given.training) + row(first: "validation", r.given.validation)

        md += "\n## Pareto front\n\n"
        md += "The sets no other set beats on the training nights on both recall (higher) and alarms per "
            + "asset-month (lower), by alarm rate; each with its validation figures beside. ◆ marks the "
            + "recommended set, ⚠ a drop of more than \(NumberText.fixed(r.options.overfitDrop * 100, 0)) points "
            + "in recall or precision from training to validation. In a set, `+` joins rules with skills of their "
            + "own, `&` a rule that shares the first rule's skill (it is suppressed while that rule's order is "
            + "open on the asset).\n\n"
        md += "| Set | Rules | Train recall | Train precision | Train alarms / asset-month | Validation recall | "
            + "Validation precision | Validation alarms / asset-month | Validation lead median (h) | |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n"
        let frontSets = front(r)
        for i in frontSets.prefix(frontListLimit) {
            let s = r.sets[i]
            let mark = (i == index ? "◆" : "") + (r.isOverfitted(s) ? "⚠" : "")
            md += "| \(cell(setName(r, s))) | \(s.members.count) | \(percent(s.training.recall)) | "
                + "\(percent(s.training.precision)) | \(rate(s.training.alarmsPerAssetMonth)) | "
                + "\(percent(s.validation.recall)) | \(percent(s.validation.precision)) | "
                + "\(rate(s.validation.alarmsPerAssetMonth)) | \(hours(s.validation.leadTimeHours.median)) | \(mark) |\n"
        }
        if frontSets.count > frontListLimit {
            md += "\n… and \(frontSets.count - frontListLimit) more (all sets are in `\(jsonFile)`).\n"
        }
        md += "\n![Recall against alarms per asset-month, training nights](\(chartFile))\n\n"

        md += "## How the search works\n\n"
        md += "- **Single rules**: each alert code alone, all codes, and the groups a clustering of the codes by "
            + "co-occurrence (same asset, same day) forms; windows of 1, 2, 3, 5, 7, 14 and 30 days and the "
            + "calendar month; `more_than` from the ladder 0, 1, 2, 3, 5, 8, 13, … below the highest count the "
            + "training nights reach; age limits from 30 days to 10 years per component type, and batch counts "
            + "2, 3, 5 where batches exist.\n"
        md += "- **Beam search** (width \(r.options.beamWidth), up to \(r.options.maxRules) rules): the "
            + "\(r.options.beamWidth) best single rules and those on the single rules' front start the beam; each "
            + "round extends every set of the beam by the \(r.options.shortlist) single rules of other families "
            + "that promise most together with it (failures the rule caught alone that the set misses, and both "
            + "their alarms), once with a skill of its own and once sharing the first rule's skill; the best sets "
            + "form the next beam, until a round brings no better set. A set whose new rule catches no further "
            + "failure is redundant (it would only repeat orders) and goes no further. Greedy forward selection "
            + "keeps one set per size and so never reaches a pair without the best single rule; the beam can, for "
            + "a few hundred more replays.\n"
        md += "- **Honest figures**: the candidates, their thresholds and every choice come from the training "
            + "nights; the validation nights are replayed only after the choice, each as a backtest from "
            + "\(r.validateFrom). Like every backtest, an order of the last training week is a true alarm when a "
            + "failure follows within the horizon, even after \(r.lastTrainingNight).\n"
        return md
    }

    /// The objective's value for a score, in words.
    static func objectiveValue(_ r: SearchResult, _ s: BacktestScore) -> String {
        if let cost = r.options.cost {
            return "cost \(NumberText.fixed(cost.of(s), 1)) (\(s.failures - s.caught) missed × "
                + "\(number(cost.missed)) + \(s.alarms) alarms × \(number(cost.alarm)))"
        }
        let recall = s.recall ?? 0, precision = s.precision ?? 0
        let f1 = recall + precision > 0 ? 2 * recall * precision / (recall + precision) : 0
        return "F1 \(NumberText.fixed(f1, 3))"
    }

    static func skill(_ rule: SearchedRule) -> String {
        switch rule {
        case .alert(let r): r.work.skill
        case .age(let r): r.work.skill
        case .batchAge(let r): r.work.skill
        }
    }

    static func header(first: String) -> String { BacktestReport.header(first: first) }
    static func row(first: String, _ s: BacktestScore) -> String { BacktestReport.row(first: first, s) }
    static func cell(_ text: String) -> String { MarkdownText.escaped(text) }
    static func percent(_ v: Double?) -> String { v.map(NumberText.percent) ?? "—" }
    static func rate(_ v: Double?) -> String { v.map { NumberText.fixed($0, 3) } ?? "—" }
    static func hours(_ v: Double?) -> String { v.map { NumberText.fixed($0, 1) } ?? "—" }

    /// The comments of `rules.search.toml`: a header (what it is, how it was found, the set's figures) and,
    /// per rule ID, what the rule fires on and its own training figures.
    public static func tomlComments(_ r: SearchResult) -> (header: [String], rules: [String: [String]]) {
        guard let index = r.recommended else { return ([], [:]) }
        let best = r.sets[index]
        func figures(_ s: BacktestScore) -> String {
            "recall \(percent(s.recall)) (\(s.caught)/\(s.failures)), precision \(percent(s.precision)) "
                + "(\(s.trueAlarms)/\(s.alarms)), \(rate(s.alarmsPerAssetMonth)) alarms/asset-month, median lead "
                + "\(hours(s.leadTimeHours.median)) h"
        }
        let header = [
            "Found by `pmbatch backtest --search` (horizon \(r.horizonDays)d), chosen by \(objectiveText(r)).",
            "The rules file's other settings are kept; its trigger rules are replaced by these.",
            "Training \(r.from) to \(r.lastTrainingNight): \(figures(best.training)).",
            "Validation \(r.validateFrom) to \(r.to): \(figures(best.validation))"
                + (r.isOverfitted(best) ? " — OVERFITTED: large drop from training." : "."),
            "`pmbatch backtest --rules` this file over either period reproduces these figures exactly.",
            "Skills name the crew: rules with the same skill suppress each other's orders on an asset while one",
            "is open, so rename them to your skills keeping equal ones equal and distinct ones distinct.",
        ]
        var perRule: [String: [String]] = [:]
        for member in best.members {
            let c = r.candidates[member]
            if let single = r.sets.first(where: { $0.members == [member] }) {
                perRule[c.id] = ["Fires on \(c.summary).", "Alone, training: \(figures(single.training))."]
            } else {
                perRule[c.id] = ["Fires on \(c.summary)."]
            }
        }
        return (header, perRule)
    }
}
