/// Where another system's export puts each input kind (`rules.toml` `[files]`, SPEC §1 "Foreign layouts"):
/// per kind, file names or globs relative to the data directory, and optionally a fixed drop date.
///
/// A matched file's drop date is the fixed `dropDate` when given, else the innermost folder of its path
/// named `YYYY-MM-DD`, else none (then, like a registry, it counts as dropped on every run's as-of date).
public struct FileMapping: Hashable, Sendable {
    /// The files of one kind.
    public struct Entry: Hashable, Sendable {
        /// fnmatch(3) patterns, `/`-separated and relative to the data directory (`*` does not cross `/`).
        public var globs: [String]
        /// The drop date of every matched file, overriding any dated folder.
        public var dropDate: LocalDate?

        /// Makes an entry.
        public init(globs: [String], dropDate: LocalDate? = nil) {
            self.globs = globs
            self.dropDate = dropDate
        }
    }

    /// kind → its files.
    public var entries: [FileKind: Entry]

    /// Makes a mapping; the empty mapping reads the SPEC layout only.
    public init(_ entries: [FileKind: Entry] = [:]) { self.entries = entries }

    /// Whether there is no `[files]` mapping at all.
    public var isEmpty: Bool { entries.isEmpty }
}
