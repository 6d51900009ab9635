/// The one JSON string escaper of the package (STYLE habit 11): `run.json` and `backtest.json` (through
/// `JSONValue`) and the CLI's JSON log lines.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included (RFC 8259 escaping).
    public static func quoted(_ text: String) -> String {
        var out = ""
        write(text, into: &out)
        return out
    }

    /// Appends `text` as a JSON string literal (RFC 8259): quote, backslash and control characters escaped,
    /// U+2028 and U+2029 too; everything else as UTF-8.
    static func write(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16, uppercase: false)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
