import PMBatchCore

/// Builds small CSV files (RFC 4180) as text: fields quoted only when they need it (`CSVField.quoted`).
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
            text += CSVField.quoted(field)
        }
        text += "\n"
    }
}
