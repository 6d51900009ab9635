import PMBatchCore

/// Where each pmbatch column of a file kind sits in a source header (matched by name after trimming
/// spaces, any order, unknown columns ignored, through the `ColumnMap`).
struct ColumnBinding: Sendable {
    /// The file kind bound.
    let kind: FileKind
    /// The number of header fields (every data row must have as many).
    let fieldCount: Int
    private let positions: [String: Int]

    /// The header position of pmbatch column `column`, or nil when the file does not carry it.
    func position(of column: String) -> Int? { positions[column] }

    /// The pmbatch column at header position `index` (the first in the kind's column order when several
    /// map there), or nil when none does.
    func column(at index: Int) -> String? {
        (kind.requiredColumns + kind.optionalColumns).first { positions[$0] == index }
    }

    /// Binds `names` (the header fields) for `kind`. Throws when a required column is missing or a
    /// needed source column appears twice.
    init(names: [String], kind: FileKind, columns: ColumnMap, displayName: String) throws(IngestError) {
        self.kind = kind
        fieldCount = names.count
        var firstIndex: [String: Int] = [:]
        var repeated: Set<String> = []
        for (i, raw) in names.enumerated() {
            let name = raw.trimmingSpaces
            if firstIndex[name] == nil { firstIndex[name] = i } else { repeated.insert(name) }
        }
        var positions: [String: Int] = [:]
        var missing: [String] = []
        var lookedFor: [String] = []
        for column in kind.requiredColumns + kind.optionalColumns {
            let source = columns.sourceName(for: column, in: kind)
            if let i = firstIndex[source] {
                if repeated.contains(source) { throw .duplicateColumn(file: displayName, column: source) }
                positions[column] = i
            } else if kind.requiredColumns.contains(column) {
                missing.append(column)
                lookedFor.append(source)
            }
        }
        if !missing.isEmpty { throw .missingColumns(file: displayName, columns: missing, lookedFor: lookedFor) }
        self.positions = positions
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
