import PMBatchCore

/// The backtest's files (SPEC §5): `backtest.md` for planners, `backtest.json` for machines and
/// `backtest_sweep.svg`, recall against alarms per asset-month for the sweep's thresholds.
/// Pure renderers: the same result always gives the same bytes.
public enum BacktestReport {
    /// The Markdown report's file name.
    public static let markdownFile = "backtest.md"
    /// The JSON file's name.
    public static let jsonFile = "backtest.json"
    /// The sweep chart's file name.
    public static let chartFile = "backtest_sweep.svg"
    /// The most missed failures listed in the Markdown report (the JSON lists all).
    public static let missedListLimit = 500

    /// Every file, as (name, contents), in a fixed order.
    public static func files(_ result: BacktestResult) -> [(name: String, contents: String)] {
        var files = [(markdownFile, markdown(result)), (jsonFile, json(result))]
        if !result.sweep.isEmpty { files.append((chartFile, chart(result))) }
        return files
    }

    /// `backtest.md`.
    public static func markdown(_ r: BacktestResult) -> String {
        var md = "# Backtest \(r.from) to \(r.to)\n\n"
        md += "The nightly trigger rules replayed for every night from \(r.from) to \(r.to) "
            + "(\(r.to.days(since: r.from) + 1) nights) with only the data known that night — files dropped on or "
            + "before it, alerts up to its cutoff, the work orders of earlier nights — and the preventive work "
            + "orders they would have created scored against `failures.csv`.\n\n"
        md += "- Horizon: \(r.horizonDays) days\n"
        md += "- Assets: \(r.assetCount)\n"
        md += "- Time zone: \(MarkdownText.escaped(r.zone, inTableCell: false))\n\n"
        md += "## What the figures mean\n\n"
        md += "- **Failures**: failures with a time from the start of \(r.from) to the end of \(r.to).\n"
        md += "- **Caught**: failures of an asset that had a preventive work order created in the horizon before "
            + "the failure, [t − horizon, t). An order created on night D counts as created at D's cutoff (the end "
            + "of day D), when a planner could first act on it. A batch order counts for every asset it lists.\n"
        md += "- **Recall**: caught ÷ failures — the share of failures that had a warning.\n"
        md += "- **Alarms**: preventive work orders created. **True alarms**: those followed by a failure of their "
            + "asset within the horizon, in (created, created + horizon].\n"
        md += "- **Precision**: true alarms ÷ alarms — the share of orders that were worth sending.\n"
        md += "- **Alarms / asset-month**: alarms ÷ (assets × nights ÷ 30) — the workload the rules cause.\n"
        md += "- **Lead time**: failure time minus the creation of the earliest order that caught it, in hours: "
            + "minimum, median and 90th percentile (nearest rank) — how much notice planners got.\n\n"
        md += "An order counts as done at its due date (a replay has no field reports). \"—\" means no data.\n\n"
        md += "## Overall\n\n"
        md += header(first: nil) + row(first: nil, r.overall) + "\n"
        md += "## Per rule\n\n"
        if r.rules.isEmpty {
            md += "No rules.\n\n"
        } else {
            md += header(first: "Rule")
            for rule in r.rules { md += row(first: code(rule.id), rule.score) }
            md += "\n"
        }
        if !r.sweep.isEmpty {
            md += "## Sweep\n\n"
            md += "Each threshold is a separate replay with only that rule's threshold changed; the figures are "
                + "the swept rule's own orders. **Pareto front** marks the thresholds no other threshold beats "
                + "on both recall (higher) and alarms per asset-month (lower): the reasonable choices.\n\n"
            var groups: [[BacktestSweepPoint]] = []
            for point in r.sweep {
                if let last = groups.last?.last, last.ruleID == point.ruleID, last.threshold < point.threshold {
                    groups[groups.count - 1].append(point)
                } else {
                    groups.append([point])
                }
            }
            for group in groups {
                md += "### " + MarkdownText.escaped(code(group[0].ruleID) + " — " + group[0].thresholdName,
                                                    inTableCell: false) + "\n\n"
                md += header(first: group[0].thresholdName, extra: "Pareto front")
                for p in group {
                    md += row(first: String(p.threshold), p.score, extra: p.paretoOptimal ? "◆" : "")
                }
                md += "\n"
            }
            md += "![Recall against alarms per asset-month](\(chartFile))\n\n"
        }
        md += "## Failures with no alarm\n\n"
        let missed = r.overall.missed
        if missed.isEmpty {
            md += "None.\n"
        } else {
            md += "\(missed.count) of \(r.overall.failures) failures had no preventive order for their asset in "
                + "the \(r.horizonDays) days before.\n\n"
            md += "| Time | Asset | Slot | Fault code |\n|---|---|---|---|\n"
            for f in missed.prefix(missedListLimit) {
                md += "| \(f.ts) | \(cell(f.assetID)) | \(cell(f.slot)) | \(cell(f.faultCode)) |\n"
            }
            if missed.count > missedListLimit {
                md += "\n… and \(missed.count - missedListLimit) more (all are in `\(jsonFile)`).\n"
            }
        }
        return md
    }

    static let columns = ["Failures", "Caught", "Recall", "Alarms", "True alarms", "Precision",
                          "Alarms / asset-month", "Lead min (h)", "Lead median (h)", "Lead p90 (h)"]

    static func header(first: String?, extra: String? = nil) -> String {
        let names = (first.map { [$0] } ?? []) + columns + (extra.map { [$0] } ?? [])
        return "| " + names.map(cell).joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: names.count)
            + "\n"
    }

    static func row(first: String?, _ s: BacktestScore, extra: String? = nil) -> String {
        var cells = first.map { [$0] } ?? []
        cells += [String(s.failures), String(s.caught), s.recall.map(NumberText.percent) ?? "—", String(s.alarms),
                  String(s.trueAlarms), s.precision.map(NumberText.percent) ?? "—",
                  s.alarmsPerAssetMonth.map { NumberText.fixed($0, 3) } ?? "—",
                  hours(s.leadTimeHours.min), hours(s.leadTimeHours.median), hours(s.leadTimeHours.p90)]
        if let extra { cells.append(extra) }
        return "| " + cells.map(cell).joined(separator: " | ") + " |\n"
    }

    static func hours(_ value: Double?) -> String { value.map { NumberText.fixed($0, 1) } ?? "—" }

    /// Inline code for an identifier (`MarkdownText.code`); escaped with its cell or line.
    static func code(_ text: String) -> String { MarkdownText.code(text) }

    /// Table-cell text (`MarkdownText.escaped`): no pipes, no line breaks, no markup.
    static func cell(_ text: String) -> String { MarkdownText.escaped(text) }
}
