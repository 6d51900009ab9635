/// The one CSV field quoter of the package (RFC 4180; STYLE habit 11), for every CSV pmbatch writes: the
/// report's exports (which neutralise formulas first, `CSVExport`) and the generator's input data sets.
package enum CSVField {
    /// `field` as is, or in double quotes (inner quotes doubled) when it holds a comma, quote, CR or LF.
    ///
    /// By scalar, not by Character: a quote followed by a combining mark is one Character that compares
    /// unequal to `"`, yet a CSV reader still sees the quote.
    package static func quoted(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"")
            || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard needsQuotes else { return field }
        var out = "\""
        for scalar in field.unicodeScalars {
            if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }
}
