/// A JSON value with object keys in a fixed order, written by hand so the bytes are stable:
/// 2-space indent, no exponent, at most 3 decimals, `-0` as `0.0`, full string escaping (`JSONText`).
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in the order given (the writer never reorders them).
    case object([(String, JSONValue)])

    /// A number, or null when absent.
    static func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
    /// A verdict, or null when unknown.
    static func verdict(_ value: Bool?) -> JSONValue { value.map { .bool($0) } ?? .null }
    /// A string array.
    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    /// The document text with a trailing newline.
    func document() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += NumberText.json(d)
        case .string(let s): JSONText.write(s, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                item.write(into: &out, indent: indent + 2)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                JSONText.write(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent + 2)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }
}
