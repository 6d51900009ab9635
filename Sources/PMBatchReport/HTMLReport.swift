import PMBatchCore

/// Renders a `NightReport` as `report.html` (SPEC §2): the same report as `report.md` — the same sections
/// from the same model through `ReportWriter` — as one self-contained page: CSS and the charts' SVG inline, no
/// script, no network. `lang` is set, tables have header cells, each chart keeps its `<title>` for screen
/// readers, wide tables scroll inside their own box, and a print style lays it out on A4.
public enum HTMLReport {
    /// The page, ending with a newline. `charts`: `SVGChart.render(report, language:)` when the caller has
    /// rendered them already (for the files beside the report).
    public static func render(_ report: NightReport, language: Language,
                              charts: [(fileName: String, svg: String)]? = nil) -> String {
        let svgs = Dictionary((charts ?? SVGChart.render(report, language: language)).map { ($0.fileName, $0.svg) },
                              uniquingKeysWith: { first, _ in first })
        var writer = ReportWriter<HTMLMarkup>(report: report, text: ReportText.forLanguage(language)) { file in
            svgs[file] ?? ""
        }
        let body = writer.render()
        let title = ReportText.forLanguage(language).title(report.header.asOf.description)
        return "<!DOCTYPE html>\n"
            + "<html lang=\"\(language == .zh ? "zh-CN" : "en")\">\n"
            + "<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>\(HTMLMarkup.text(title))</title>\n"
            + "<style>\n\(style)</style>\n</head>\n<body>\n<main>\n"
            + body + "</main>\n</body>\n</html>\n"
    }

    /// Screen: a readable column, tables that scroll inside their box on a narrow screen instead of widening
    /// the page, charts that shrink with it. Print: A4 with margins, no scroll boxes, tables and charts not
    /// split across pages where avoidable. Fonts name common CJK fonts so Chinese never shows as boxes.
    static let style = """
    :root { color-scheme: light; }
    body { margin: 0; background: #f6f7f9; color: #1b1f24;
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
        "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei",
        sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; background: #fff; }
    h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
    h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; padding-top: 0.5rem; border-top: 1px solid #d8dde3; }
    h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
    h4 { font-size: 1rem; margin: 1rem 0 0.5rem; }
    p, ul { margin: 0.5rem 0 1rem; }
    code { font: 0.9em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
      background: #eef1f4; padding: 0 0.2em; border-radius: 3px; overflow-wrap: anywhere; }
    .table { overflow-x: auto; margin: 0.5rem 0 1rem; max-width: 100%; }
    table { border-collapse: collapse; font-size: 0.9rem; }
    th, td { border: 1px solid #d8dde3; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
    th { background: #eef1f4; font-weight: 600; }
    td { overflow-wrap: break-word; }
    tbody tr:nth-child(even) td { background: #fafbfc; }
    figure { margin: 1rem 0; }
    figure svg { display: block; width: 100%; max-width: 640px; height: auto; }
    @media (max-width: 600px) {
      body { font-size: 14px; }
      main { padding: 0.75rem; }
      table { font-size: 0.8rem; }
    }
    @page { size: A4; margin: 15mm 12mm; }
    @media print {
      body { background: #fff; font-size: 10pt; }
      main { max-width: none; padding: 0; }
      .table { overflow: visible; }
      table { font-size: 8pt; width: 100%; }
      h2, h3, h4 { break-after: avoid; }
      tr, figure { break-inside: avoid; }
      figure svg { max-width: 15cm; }
    }

    """
}

/// HTML: elements for the blocks, the one HTML/XML escaper (`SVGChart.escape`) for input text, charts as
/// inline SVG (each with its `<title>`), pmbatch's own inline marks rendered as `<code>` and `<strong>`.
enum HTMLMarkup: ReportMarkup {
    /// Input text: markup characters as entities, and the two characters of pmbatch's inline marks too, so an
    /// input value never becomes `<code>` or `<strong>` (`inline` only sees pmbatch's own marks).
    static func text(_ text: String) -> String {
        var out = ""
        for ch in SVGChart.escape(text).unicodeScalars {
            switch ch {
            case "`": out += "&#96;"
            case "*": out += "&#42;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func lineText(_ text: String) -> String { Self.text(text) }
    static func code(_ text: String) -> String { "<code>" + Self.text(text) + "</code>" }
    static func lineCode(_ text: String) -> String { code(text) }
    static func strong(_ text: String) -> String { "<strong>" + text + "</strong>" }
    static let lineBreak = "<br>"

    static func heading(_ level: Int, _ text: String) -> String {
        "<h\(level)>" + inline(text) + "</h\(level)>\n"
    }

    static func paragraph(_ text: String) -> String { "<p>" + inline(text) + "</p>\n" }

    static func bullets(_ items: [String]) -> String {
        "<ul>\n" + items.map { "<li>" + inline($0) + "</li>\n" }.joined() + "</ul>\n"
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var html = "<div class=\"table\"><table>\n<thead><tr>"
            + header.map { "<th scope=\"col\">" + inline($0) + "</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows { html += "<tr>" + row.map { "<td>" + inline($0) + "</td>" }.joined() + "</tr>\n" }
        return html + "</tbody>\n</table></div>\n"
    }

    /// The chart's SVG inline, without its XML declaration; its `<title>` names it for screen readers, and
    /// `role="img"` with `aria-label` says it is one picture.
    static func chart(title: String, file: String, svg: String) -> String {
        var body = svg
        if body.hasPrefix("<?xml"), let end = body.firstIndex(of: "\n") { body = String(body[body.index(after: end)...]) }
        if let open = body.range(of: "<svg ") {
            body.replaceSubrange(open, with: "<svg role=\"img\" aria-label=\"" + text(title) + "\" ")
        }
        return "<figure>\n" + body + "</figure>\n"
    }

    /// pmbatch's own inline marks: `` `x` `` → `<code>x</code>`, `**x**` → `<strong>x</strong>`. An unpaired
    /// mark stays as it is. Input text never carries either character (`text` writes entities).
    static func inline(_ text: String) -> String {
        guard text.contains("`") || text.contains("**") else { return text }
        var out = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
                out += "<strong>" + inline(String(rest.dropFirst(2)[..<end.lowerBound])) + "</strong>"
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("`"), let end = rest.dropFirst().firstIndex(of: "`") {
                out += "<code>" + rest.dropFirst()[..<end] + "</code>"
                rest = rest[rest.index(after: end)...]
            } else {
                out.append(rest.removeFirst())
            }
        }
        return out
    }
}
