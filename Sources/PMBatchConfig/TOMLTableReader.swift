import PMBatchCore

/// Reads typed values out of one TOML table, naming the line and key of every problem.
struct TOMLTableReader: Sendable {
    let file: String
    let locator: TOMLKeyLocator
    /// The table's path in the document.
    let path: [TOMLPathComponent]
    /// The table's description in messages, e.g. `[kpi]`.
    let name: String
    let entries: [String: TOMLNode]

    /// Information for "missing key" messages: the table's name and header line.
    var info: TableInfo { TableInfo(file: file, name: name, line: locator.line(of: path)) }

    /// The location of `key` in this table (falling back to the table's header line).
    func location(_ key: String, element: Int? = nil) -> ConfigLocation {
        var keyPath = path + [.key(key)]
        var shown = key
        if let element {
            keyPath.append(.index(element))
            shown += "[\(element + 1)]"
        }
        let line = locator.line(of: keyPath) ?? locator.line(of: path + [.key(key)]) ?? locator.line(of: path)
        return ConfigLocation(file: file, line: line, key: shown, table: name)
    }

    /// Rejects keys outside `allowed`, reporting the first one in the file.
    func rejectUnknownKeys(allowed: Set<String>) throws(ConfigError) {
        let unknown = entries.keys.filter { !allowed.contains($0) }
            .map { location($0) }
            .sorted { ($0.line ?? Int.max, $0.key) < ($1.line ?? Int.max, $1.key) }
        if let first = unknown.first { throw .unknownKey(first) }
    }

    func string(_ key: String) throws(ConfigError) -> Located<String>? {
        guard let node = entries[key] else { return nil }
        guard case .string(let value) = node else {
            throw .wrongType(location(key), expected: "a string", found: node.typeName)
        }
        return Located(value: value, location: location(key))
    }

    func integer(_ key: String) throws(ConfigError) -> Located<Int>? {
        guard let node = entries[key] else { return nil }
        guard case .integer(let value) = node else {
            throw .wrongType(location(key), expected: "an integer", found: node.typeName)
        }
        return Located(value: value, location: location(key))
    }

    /// An integer or a finite floating-point number.
    func number(_ key: String) throws(ConfigError) -> Located<Double>? {
        guard let node = entries[key] else { return nil }
        switch node {
        case .integer(let value):
            return Located(value: Double(value), location: location(key))
        case .float(let value) where value.isFinite:
            return Located(value: value, location: location(key))
        case .float(let value):
            throw .wrongType(location(key), expected: "a finite number", found: "\(value)")
        default:
            throw .wrongType(location(key), expected: "a number", found: node.typeName)
        }
    }

    func stringArray(_ key: String) throws(ConfigError) -> Located<[String]>? {
        guard let node = entries[key] else { return nil }
        guard case .array(let elements) = node else {
            throw .wrongType(location(key), expected: "an array of strings", found: node.typeName)
        }
        var values: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let value) = element else {
                throw .wrongType(location(key, element: index), expected: "a string", found: element.typeName)
            }
            values.append(value)
        }
        return Located(value: values, location: location(key))
    }

    /// A string or an array of strings, as an array (a string is a list of one); `expected` describes the
    /// accepted types in the message for any other type.
    func stringOrStringArray(_ key: String,
                             expected: String = "a string or an array of strings") throws(ConfigError) -> Located<[String]>? {
        guard let node = entries[key] else { return nil }
        switch node {
        case .string(let value):
            return Located(value: [value], location: location(key))
        case .array:
            return try stringArray(key)
        default:
            throw .wrongType(location(key), expected: expected, found: node.typeName)
        }
    }

    /// A date written as a string `"2025-01-01"` or a TOML local date `2025-01-01`, as text.
    func dateText(_ key: String) throws(ConfigError) -> Located<String>? {
        guard let node = entries[key] else { return nil }
        switch node {
        case .string(let value):
            return Located(value: value, location: location(key))
        case .date(let year, let month, let day):
            return Located(value: "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))", location: location(key))
        default:
            throw .wrongType(location(key), expected: "a date", found: node.typeName)
        }
    }

    /// A sub-table (a `[a.b]` section, a dotted key or an inline table), named `displayName`.
    func table(_ key: String, displayName: String) throws(ConfigError) -> TOMLTableReader? {
        guard let node = entries[key] else { return nil }
        guard case .table(let entries) = node else {
            throw .wrongType(location(key), expected: "a table", found: node.typeName)
        }
        return TOMLTableReader(file: file, locator: locator, path: path + [.key(key)], name: displayName,
                           entries: entries)
    }

    /// The tables of an array of tables (`[[key]]`, or `key = [{…}, {…}]`), each named by `name(index, id)`
    /// where `index` is 1-based and `id` the element's `id` string when it has one.
    func tableArray(_ key: String, name: (Int, String?) -> String) throws(ConfigError) -> [TOMLTableReader]? {
        guard let node = entries[key] else { return nil }
        guard case .array(let elements) = node else {
            throw .wrongType(location(key), expected: "an array of tables ([[\(key)]])", found: node.typeName)
        }
        var tables: [TOMLTableReader] = []
        for (index, element) in elements.enumerated() {
            guard case .table(let entries) = element else {
                throw .wrongType(location(key, element: index), expected: "a table", found: element.typeName)
            }
            var id: String?
            if case .string(let value)? = entries["id"] { id = value }
            tables.append(TOMLTableReader(file: file, locator: locator, path: path + [.key(key), .index(index)],
                                      name: name(index + 1, id), entries: entries))
        }
        return tables
    }
}
