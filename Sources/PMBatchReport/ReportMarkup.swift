/// How one output language (Markdown, HTML) writes the report's blocks and inline pieces; `ReportWriter`
/// decides what they hold.
///
/// Input text reaches a block only through `text`, `lineText`, `code` or `lineCode`, which make it inert in
/// that language. Everything else passed to a block is pmbatch's own text (`ReportText`, numbers, dates),
/// which may carry the inline marks `` `code` `` and `**strong**`: Markdown keeps them, HTML renders them.
protocol ReportMarkup {
    /// Input text inside a table cell.
    static func text(_ text: String) -> String
    /// Input text inside a paragraph or list item.
    static func lineText(_ text: String) -> String
    /// An identifier as inline code inside a table cell.
    static func code(_ text: String) -> String
    /// An identifier as inline code inside a paragraph.
    static func lineCode(_ text: String) -> String
    /// Emphasis for pmbatch's own words (a label, a table's title).
    static func strong(_ text: String) -> String
    /// A line break inside a list item.
    static var lineBreak: String { get }

    static func heading(_ level: Int, _ text: String) -> String
    static func paragraph(_ text: String) -> String
    static func bullets(_ items: [String]) -> String
    /// A table whose first row holds header cells.
    static func table(_ header: [String], _ rows: [[String]]) -> String
    /// A chart: a link to `file` beside the report, or `svg` itself.
    static func chart(title: String, file: String, svg: String) -> String
}
