/// A file-level failure: the whole file is rejected (SPEC §1 "Bad input") and retried by the next run.
///
/// Every case names the file by its path relative to the data directory (`displayName`).
public enum IngestError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file could not be opened (missing, permissions…).
    case cannotOpen(file: String, reason: String)
    /// Reading failed part-way through.
    case readFailed(file: String, reason: String)
    /// A zstd frame is corrupt at `offset` (compressed bytes from the start of the file).
    case zstdCorrupt(file: String, offset: Int64, message: String)
    /// The zstd data ends in the middle of a frame; `offset` is the compressed size read.
    case zstdTruncated(file: String, offset: Int64)
    /// The text is not UTF-8 (invalid byte sequence or NUL byte) on `line`.
    case notUTF8(file: String, line: Int)
    /// The file has no header row (it is empty or blank).
    case noHeader(file: String)
    /// Required columns are missing; `lookedFor` holds the source names searched (after the column map).
    case missingColumns(file: String, columns: [String], lookedFor: [String])
    /// A column the reader needs appears more than once in the header.
    case duplicateColumn(file: String, column: String)

    /// The file the error is about.
    public var file: String {
        switch self {
        case .cannotOpen(let f, _), .readFailed(let f, _), .zstdCorrupt(let f, _, _), .zstdTruncated(let f, _),
             .notUTF8(let f, _), .noHeader(let f), .missingColumns(let f, _, _), .duplicateColumn(let f, _):
            f
        }
    }

    /// One sentence for a planner.
    public var description: String {
        switch self {
        case .cannotOpen(let file, let reason):
            return "\(file): cannot be opened (\(reason))."
        case .readFailed(let file, let reason):
            return "\(file): reading failed (\(reason))."
        case .zstdCorrupt(let file, let offset, let message):
            return "\(file): the zstd compressed data is corrupt at byte \(offset) (\(message))."
        case .zstdTruncated(let file, let offset):
            return "\(file): the zstd compressed data is truncated: it ends at byte \(offset) in the middle of a frame."
        case .notUTF8(let file, let line):
            return "\(file): line \(line) is not UTF-8 text (invalid byte sequence or NUL byte)."
        case .noHeader(let file):
            return "\(file): the file is empty or has no header row."
        case .missingColumns(let file, let columns, let lookedFor):
            let mapped = zip(columns, lookedFor).filter { $0 != $1 }
            var text = "\(file): required column\(columns.count == 1 ? "" : "s") missing: \(columns.joined(separator: ", "))"
            if !mapped.isEmpty {
                text += " (looked for " + mapped.map { "'\($1)' for \($0)" }.joined(separator: ", ")
                    + " as set in the column map)"
            }
            return text + "."
        case .duplicateColumn(let file, let column):
            return "\(file): the header names column '\(column)' more than once."
        }
    }
}
