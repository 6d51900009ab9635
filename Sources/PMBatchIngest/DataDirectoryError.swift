import PMBatchCore

/// A data directory that cannot be used as one: a usage error (exit 2), not a rejected file.
public enum DataDirectoryError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path does not exist or is not a folder.
    case missing(directory: String)
    /// Nothing in the folder matches an input kind. `unrecognised` lists the top-level entries passed over
    /// (folders end in `/`), `unmatchedPatterns` the `[files]` patterns that matched nothing.
    case noInputFiles(directory: String, unrecognised: [String], unmatchedPatterns: [String])
    /// One file claimed by two input kinds (two `[files]` kinds, or a `[files]` kind and the SPEC layout).
    case ambiguous(file: String, kinds: [FileKind])

    /// How many names a message lists before it says "…".
    static let listedNames = 8

    /// One sentence naming what was expected and what was found.
    public var description: String {
        switch self {
        case .missing(let directory):
            return "the data directory \(directory) does not exist or is not a folder"
        case .noInputFiles(let directory, let unrecognised, let unmatchedPatterns):
            let registries = ["assets", "components", "engineers", "parts", "failures"].map { $0 + ".csv" }
            let folders = ["work_orders", "work_order_events", "telemetry"].map { $0 + "/YYYY-MM-DD/…" }
            var text = "no input files in \(directory): expected \(registries.joined(separator: ", ")) "
                + "or dated folders \(folders.joined(separator: ", ")), or files mapped with [files] in rules.toml; "
            if unrecognised.isEmpty {
                text += "found none"
            } else {
                let folderCount = unrecognised.filter { $0.hasSuffix("/") }.count
                let fileCount = unrecognised.count - folderCount
                var counts: [String] = []
                if fileCount > 0 { counts.append("\(fileCount) file\(fileCount == 1 ? "" : "s")") }
                if folderCount > 0 { counts.append("\(folderCount) folder\(folderCount == 1 ? "" : "s")") }
                text += "found \(counts.joined(separator: " and ")) at the top level that match no input kind ("
                    + Self.list(unrecognised) + ") — map them with [files] in rules.toml"
            }
            if !unmatchedPatterns.isEmpty {
                text += "; [files] matched nothing for " + Self.list(unmatchedPatterns)
            }
            return text
        case .ambiguous(let file, let kinds):
            return "\(file) is claimed by more than one input kind (\(kinds.map(\.rawValue).joined(separator: ", "))): "
                + "narrow the [files] patterns in rules.toml so each file has one kind"
        }
    }

    private static func list(_ names: [String]) -> String {
        let shown = names.prefix(listedNames).joined(separator: ", ")
        return names.count > listedNames ? shown + ", …" : shown
    }
}
