/// The one Markdown escaper of the report module (STYLE habit 11): how input text — asset, site and
/// customer IDs, codes, statuses, file paths, messages, evidence, rule IDs and actions — is written into
/// `report.md` and `backtest.md` so that it stays text.
///
/// Input values are data wherever they go (SPEC §1 "Bad input"): a value such as
/// `A2<script>alert(1)</script>` must not become live markup in a renderer that does not sanitise, nor break
/// the table it sits in.
enum MarkdownText {
    /// `text` as literal Markdown text.
    ///
    /// - `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;`: no HTML tag, entity or `<…>` autolink can start, and
    ///   every renderer shows the character itself.
    /// - A line break (CR, LF or CRLF) becomes a space: a value cannot end the line (a table row, a list item).
    /// - In a table cell, `|` becomes `\|`: a value cannot split the cell (GFM).
    ///
    /// Quotes need no escaping: without `<` no attribute can open. Text pmbatch writes itself into cells
    /// (labels, `**`, `·`, `≤`, code spans such as `[kpi].baseline`) holds none of these characters and passes
    /// through unchanged, so the one escaper can run over every cell.
    static func escaped(_ text: String, inTableCell: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        // By scalar, not by Character: `<` or `|` followed by a combining mark is one Character that
        // compares unequal to `<`, yet a Markdown or HTML parser still sees the `<`.
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|" where inTableCell: out += "\\|"
            case "\r": out += " "
            case "\n": if !afterCR { out += " " }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `escaped` would write an entity for some character of `text`.
    static func needsEntities(_ text: String) -> Bool {
        text.utf8.contains { byte in
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
        }
    }

    /// Inline code for an identifier, to be passed through `escaped` with the rest of its cell or line.
    ///
    /// A code span shows its content exactly as typed, entities included, so text that needs an entity is
    /// returned as plain text instead (then `escaped` makes it safe and every renderer shows it as it is).
    /// Otherwise the fence is one backtick longer than the longest backtick run inside, with a space
    /// inside each end when the text begins or ends with a backtick.
    static func code(_ text: String) -> String {
        guard !needsEntities(text) else { return text }
        var longest = 0, run = 0
        for byte in text.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }
}
