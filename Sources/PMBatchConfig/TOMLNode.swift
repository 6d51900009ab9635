import TOMLKit

/// A parsed TOML value, copied out of TOMLKit's C++-backed classes into plain Swift values so the
/// rest of the module works on `Sendable` data and never touches TOMLKit again.
indirect enum TOMLNode: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// A TOML local date (`2025-01-01`, unquoted).
    case date(year: Int, month: Int, day: Int)
    /// A TOML time or date-time; pmbatch has no key that takes one.
    case otherScalar(typeName: String)
    case array([TOMLNode])
    case table([String: TOMLNode])

    /// The name used in "expected …, found …" messages.
    var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a floating-point number"
        case .boolean: "a boolean"
        case .date: "a date"
        case .otherScalar(let name): name
        case .array: "an array"
        case .table: "a table"
        }
    }

    /// Parses a TOML document; a syntax error carries the line and column TOMLKit reports.
    static func parseDocument(_ text: String) throws(TOMLSyntaxError) -> [String: TOMLNode] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw TOMLSyntaxError(line: error.source.begin.line, column: error.source.begin.column,
                                  message: error.description)
        } catch {
            throw TOMLSyntaxError(line: 0, column: 0, message: "\(error)")
        }
        return convert(table)
    }

    private static func convert(_ table: TOMLTable) -> [String: TOMLNode] {
        var result: [String: TOMLNode] = [:]
        for (key, value) in table {
            result[key] = convert(value)
        }
        return result
    }

    private static func convert(_ value: TOMLValueConvertible) -> TOMLNode {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .float(value.double ?? 0)
        case .bool: return .boolean(value.bool ?? false)
        case .date:
            guard let date = value.date else { return .otherScalar(typeName: "a date") }
            return .date(year: date.year, month: date.month, day: date.day)
        case .time: return .otherScalar(typeName: "a time")
        case .dateTime: return .otherScalar(typeName: "a date-time")
        case .array:
            guard let array = value.array else { return .array([]) }
            return .array(array.map { convert($0) })
        case .table:
            guard let table = value.table else { return .table([:]) }
            return .table(convert(table))
        }
    }
}

/// A TOML syntax error as TOMLKit reports it (1-based line and column; 0 when unknown).
struct TOMLSyntaxError: Error, Sendable {
    var line: Int
    var column: Int
    var message: String
}
