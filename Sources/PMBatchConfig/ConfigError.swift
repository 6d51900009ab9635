import PMBatchCore

/// Where in a rules file a problem is: the file, the line (nil when unknown), the key and the table
/// that holds it, described for a reader (e.g. `[[alert_rule]] #2 (id door-open-delay)`).
public struct ConfigLocation: Hashable, Sendable, CustomStringConvertible {
    /// The rules file's path as given to the loader.
    public var file: String
    /// 1-based line, or nil when it could not be found.
    public var line: Int?
    /// The key at fault, e.g. `more_than`, `baseline.from` or `keywords[2]`.
    public var key: String
    /// The table holding the key, e.g. `[kpi]`, `[[age_rule]] #1 (id brake-pad-age)` or `the top level`.
    public var table: String

    /// Makes a location.
    public init(file: String, line: Int?, key: String, table: String) {
        self.file = file
        self.line = line
        self.key = key
        self.table = table
    }

    /// `file:line`, or just `file` when the line is unknown.
    public var description: String {
        if let line { return "\(file):\(line)" }
        return file
    }
}

/// A problem in `rules.toml`. Any of them stops the run before anything is written (exit code 2).
public enum ConfigError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The file could not be read (missing, unreadable, not UTF-8).
    case unreadable(file: String, reason: String)
    /// The text is not valid TOML.
    case syntax(file: String, line: Int, column: Int, message: String)
    /// A key pmbatch does not know.
    case unknownKey(ConfigLocation)
    /// A value of the wrong TOML type.
    case wrongType(ConfigLocation, expected: String, found: String)
    /// A required key is absent; the location's line is the table's header.
    case missingKey(ConfigLocation)
    /// A string that must not be empty is empty.
    case emptyValue(ConfigLocation)
    /// A duration that is not `Nd`, `Nm` or `Ny`.
    case badDuration(ConfigLocation, value: String)
    /// An alert window that is neither `calendar_month` nor a rolling `Nd`.
    case badWindow(ConfigLocation, value: String)
    /// A time zone the system does not know.
    case badTimeZone(ConfigLocation, value: String)
    /// A date that is not `YYYY-MM-DD`.
    case badDate(ConfigLocation, value: String)
    /// A `[status_map]` value that is not a canonical work-order status.
    case unknownStatus(ConfigLocation, value: String)
    /// A `[columns.<kind>]` key that is not one of that file kind's pmbatch columns.
    case unknownColumn(ConfigLocation, kind: String)
    /// A `[files]` key that is not an input kind; `suggestion` is the nearest kind name when one is close.
    case unknownFileKind(ConfigLocation, suggestion: String?)
    /// A `[files]` pattern that cannot name a file inside the data directory (absolute, `..`, empty part).
    case badGlob(ConfigLocation, value: String, reason: String)
    /// A number outside its allowed range (negative thresholds, `version` other than 1, …).
    case outOfRange(ConfigLocation, value: String, allowed: String)
    /// Two keys that exclude each other are both given (`code` and `codes`).
    case conflictingKeys(ConfigLocation, other: String)
    /// A rule ID used twice (across all rule kinds); `firstLine` is where it was first used.
    case duplicateRuleID(ConfigLocation, id: String, firstLine: Int?)
    /// `[kpi] baseline` with `from` after `to`.
    case baselineOrder(ConfigLocation, from: String, to: String)

    /// The location of the problem, when it has one.
    public var location: ConfigLocation? {
        switch self {
        case .unreadable, .syntax: nil
        case .unknownKey(let l), .wrongType(let l, _, _), .missingKey(let l), .emptyValue(let l),
             .badDuration(let l, _), .badWindow(let l, _), .badTimeZone(let l, _), .badDate(let l, _),
             .unknownStatus(let l, _), .unknownColumn(let l, _), .unknownFileKind(let l, _), .badGlob(let l, _, _),
             .outOfRange(let l, _, _),
             .conflictingKeys(let l, _), .duplicateRuleID(let l, _, _), .baselineOrder(let l, _, _):
            l
        }
    }

    /// The rules file's path.
    public var file: String {
        switch self {
        case .unreadable(let file, _), .syntax(let file, _, _, _): file
        default: location?.file ?? ""
        }
    }

    /// The 1-based line of the problem, when known.
    public var line: Int? {
        switch self {
        case .unreadable: nil
        case .syntax(_, let line, _, _): line > 0 ? line : nil
        default: location?.line
        }
    }

    /// The key at fault, when there is one.
    public var key: String? { location?.key }

    /// One sentence naming the file, the line and the key.
    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the rules file: \(reason)"
        case .syntax(let file, let line, let column, let message):
            let place = line > 0 ? "\(file):\(line):\(column)" : file
            return "\(place): TOML syntax error: \(message)"
        case .unknownKey(let l):
            return "\(l): unknown key '\(l.key)' in \(l.table)"
        case .wrongType(let l, let expected, let found):
            return "\(l): '\(l.key)' in \(l.table) must be \(expected), found \(found)"
        case .missingKey(let l):
            return "\(l): missing required key '\(l.key)' in \(l.table)"
        case .emptyValue(let l):
            return "\(l): '\(l.key)' in \(l.table) must not be empty"
        case .badDuration(let l, let value):
            return "\(l): '\(l.key)' in \(l.table) is not a duration: \(TOMLText.quoted(value)) "
                + "(expected a whole number of days, months or years, e.g. \"7d\", \"6m\", \"3y\")"
        case .badWindow(let l, let value):
            return "\(l): '\(l.key)' in \(l.table) is not a window: \(TOMLText.quoted(value)) "
                + "(expected \"calendar_month\" or a rolling number of days such as \"30d\")"
        case .badTimeZone(let l, let value):
            return "\(l): '\(l.key)' in \(l.table) is not a known IANA time zone: \(TOMLText.quoted(value))"
        case .badDate(let l, let value):
            return "\(l): '\(l.key)' in \(l.table) is not a date YYYY-MM-DD: \(TOMLText.quoted(value))"
        case .unknownStatus(let l, let value):
            return "\(l): '\(l.key)' in \(l.table) maps to unknown status \(TOMLText.quoted(value)); expected one of "
                + WorkOrderStatus.allCases.map(\.rawValue).joined(separator: ", ")
        case .unknownColumn(let l, let kind):
            return "\(l): unknown column '\(l.key)' in \(l.table); \(kind) columns are "
                + (FileKind(rawValue: kind).map { ($0.requiredColumns + $0.optionalColumns).joined(separator: ", ") } ?? "")
        case .unknownFileKind(let l, let suggestion):
            return "\(l): unknown input kind '\(l.key)' in \(l.table)"
                + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
                + "; the input kinds are " + FileKind.allCases.map(\.rawValue).joined(separator: ", ")
        case .badGlob(let l, let value, let reason):
            return "\(l): '\(l.key)' in \(l.table) is not a file name or glob inside the data directory: "
                + "\(TOMLText.quoted(value)) (\(reason))"
        case .outOfRange(let l, let value, let allowed):
            return "\(l): '\(l.key)' in \(l.table) is \(value); it must be \(allowed)"
        case .conflictingKeys(let l, let other):
            return "\(l): '\(l.key)' and '\(other)' in \(l.table) exclude each other; give one"
        case .duplicateRuleID(let l, let id, let firstLine):
            let first = firstLine.map { " (first used on line \($0))" } ?? ""
            return "\(l): duplicate rule id \(TOMLText.quoted(id)) in \(l.table)\(first)"
        case .baselineOrder(let l, let from, let to):
            return "\(l): '\(l.key)' in \(l.table) starts after it ends (from \(from), to \(to))"
        }
    }
}
