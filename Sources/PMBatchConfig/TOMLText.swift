/// The one TOML string escaper of the package (STYLE habit 11): values written as TOML basic strings, in
/// the canonical rules text (the rules digest hashes it, so its bytes must not change) and in
/// configuration error messages, which show a value the way it would be written in `rules.toml`.
enum TOMLText {
    /// `"text"` as a TOML basic string: quote and backslash escaped, LF, TAB and CR by name, other control
    /// characters and DEL as `\uXXXX` (upper-case hex).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + pad(hex: scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Upper-case hex, zero-padded.
    private static func pad(hex value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
