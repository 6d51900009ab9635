import PMBatchCore

/// Renders a `NightReport` as the planners' `report.md` (SPEC §4), in English or Chinese.
///
/// Section order: header; KPI summary (H1–H3, V1) with details; the KPI trend of the last periods; standard
/// KPIs with their formulas; stuck-stage TOP 5; closure-lock audit; tonight's preventive work orders,
/// spare-part requests, suppressed triggers and orders without an engineer; active rules; fleet health; data
/// quality; charts. Every section opens with one sentence saying what it measures. Numbers are formatted by
/// hand (minutes and hours with 1 decimal, rates as percent with 1 decimal): no locale, same input → same
/// bytes. The sections are `ReportWriter`'s, shared with `HTMLReport`.
public enum MarkdownReport {
    /// Long lists (waiting orders, closure audit) show at most this many rows, then "and N more".
    public static let listCap = 20

    /// The report text, ending with a newline.
    public static func render(_ report: NightReport, language: Language) -> String {
        var writer = ReportWriter<MarkdownMarkup>(report: report, text: ReportText.forLanguage(language))
        return writer.render()
    }
}

/// GitHub-flavoured Markdown: blocks separated by a blank line, charts as image links to the SVG files beside
/// the report, input text escaped by `MarkdownText`.
enum MarkdownMarkup: ReportMarkup {
    static func text(_ text: String) -> String { MarkdownText.escaped(text) }
    static func lineText(_ text: String) -> String { MarkdownText.escaped(text, inTableCell: false) }
    static func code(_ text: String) -> String { MarkdownText.escaped(MarkdownText.code(text)) }
    static func lineCode(_ text: String) -> String { MarkdownText.escaped(MarkdownText.code(text), inTableCell: false) }
    static func strong(_ text: String) -> String { "**" + text + "**" }
    static let lineBreak = "  \n  "

    static func heading(_ level: Int, _ text: String) -> String {
        String(repeating: "#", count: level) + " " + text + "\n\n"
    }

    static func paragraph(_ text: String) -> String { text + "\n\n" }

    static func bullets(_ items: [String]) -> String { items.map { "- " + $0 + "\n" }.joined() + "\n" }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        func row(_ cells: [String]) -> String { "| " + cells.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |\n" }
        return row(header) + "|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
            + rows.map(row).joined() + "\n"
    }

    static func chart(title: String, file: String, svg: String) -> String { "![" + title + "](" + file + ")\n\n" }
}
