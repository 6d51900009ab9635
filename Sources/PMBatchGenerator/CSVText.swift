/// Builds small CSV files (RFC 4180) as text: fields quoted only when they need it.
struct CSVText {
    private(set) var text: String

    /// Starts a file with its header row.
    init(header: [String]) {
        text = ""
        append(header)
    }

    /// Appends one row.
    mutating func append(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { text += "," }
            text += CSVText.quoted(field)
        }
        text += "\n"
    }

    /// `field`, quoted when it holds a comma, quote, CR or LF (quotes doubled).
    static func quoted(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else { return field }
        var out = "\""
        for ch in field {
            if ch == "\"" { out += "\"\"" } else { out.append(ch) }
        }
        return out + "\""
    }
}
