import Foundation
import PMBatchCore

/// One input file found in a data directory.
public struct DataFile: Hashable, Sendable {
    /// Path relative to the data directory, `/`-separated (the manifest key).
    public var relativePath: String
    /// Absolute path.
    public var absolutePath: String
    public var kind: FileKind
    /// The dated folder it sits in (or the fixed `[files]` drop date); nil outside one (then it counts as
    /// dropped on the as-of date).
    public var dropDate: LocalDate?
    public var size: Int64
    public var modificationTime: Double

    /// Whether a run as of `asOf` may read it.
    public func isVisible(asOf: LocalDate) -> Bool { dropDate.map { $0 <= asOf } ?? true }
}

/// What a scan of a data directory found, and what it passed over.
public struct DataScan: Sendable {
    /// The data directory as given.
    public var root: String
    /// Every input file, sorted in ingest order: kind, drop date, path.
    public var files: [DataFile]
    /// Top-level entries that match no input kind, sorted (folders end in `/`). Hidden entries (such as
    /// the `.pmbatch` state folder) and `rules.toml` are never listed.
    public var unrecognised: [String]
    /// `[files]` patterns that matched no file, as `kind = "glob"`.
    public var unmatchedPatterns: [String]

    /// The input files; throws ``DataDirectoryError/noInputFiles(directory:unrecognised:unmatchedPatterns:)``
    /// when there are none, since a run over nothing would report a healthy night from no data.
    public func requireInputFiles() throws(DataDirectoryError) -> [DataFile] {
        guard files.isEmpty else { return files }
        throw .noInputFiles(directory: root, unrecognised: unrecognised, unmatchedPatterns: unmatchedPatterns)
    }
}

/// Finds the input files of a data directory laid out as SPEC §1 describes, plus the files `[files]` maps.
public enum DataDirectory {
    /// Registry files at the top level, by base name (a `.zst` suffix is allowed).
    static let registries: [String: FileKind] = [
        "assets": .assets, "components": .components, "engineers": .engineers, "parts": .parts,
        "failures": .failures,
    ]
    /// Folders whose dated sub-folders hold the day's drops.
    static let dropFolders: [(String, FileKind)] = [
        ("work_orders", .workOrders), ("work_order_events", .workOrderEvents), ("telemetry", .telemetry),
    ]
    /// The rules file's default place; it is configuration, never an input nor an unrecognised file.
    static let rulesFileName = "rules.toml"

    /// Every input file under `root`: the SPEC layout, and the files `mapping` (`[files]`) assigns a kind.
    /// Hidden files and folders (such as `.pmbatch`) are skipped. A file that two kinds claim (two `[files]`
    /// kinds, or a `[files]` kind and the SPEC layout) is an error rather than a guess.
    public static func scan(_ root: String,
                            mapping: FileMapping = FileMapping()) throws(DataDirectoryError) -> DataScan {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missing(directory: root)
        }
        var found: [String: DataFile] = [:]
        let top = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for name in top {
            if let kind = registries[baseName(name)], name.hasSuffix(".csv") || name.hasSuffix(".csv.zst") {
                if let file = dataFile(root: root, relative: name, kind: kind, dropDate: nil) { found[name] = file }
            }
        }
        for (folder, kind) in dropFolders {
            for item in walk(root: root, under: folder, depth: nil)
            where isInputName((item as NSString).lastPathComponent, kind: kind) {
                let components = item.split(separator: "/")
                let dropDate = components.count >= 3 ? LocalDate(components[1]) : nil
                if let file = dataFile(root: root, relative: item, kind: kind, dropDate: dropDate) {
                    found[item] = file
                }
            }
        }

        var mapped: [String: FileKind] = [:]
        var unmatched: [String] = []
        for kind in FileKind.allCases {
            guard let entry = mapping.entries[kind] else { continue }
            for glob in entry.globs {
                let matches = matches(of: glob, under: root).filter { $0 != rulesFileName }
                if matches.isEmpty { unmatched.append("\(kind.rawValue) = \"\(glob)\"") }
                for relative in matches {
                    if let other = mapped[relative] ?? found[relative]?.kind, other != kind {
                        throw .ambiguous(file: relative, kinds: [other, kind].sorted())
                    }
                    mapped[relative] = kind
                    if let file = dataFile(root: root, relative: relative, kind: kind,
                                           dropDate: entry.dropDate ?? datedFolder(of: relative)) {
                        found[relative] = file
                    }
                }
            }
        }

        let used = Set(found.keys.map { String($0.prefix { $0 != "/" }) })
        var unrecognised: [String] = []
        for name in top where name != rulesFileName && !used.contains(name)
            && !dropFolders.contains(where: { $0.0 == name }) {
            var dir: ObjCBool = false
            _ = fm.fileExists(atPath: root + "/" + name, isDirectory: &dir)
            unrecognised.append(dir.boolValue ? name + "/" : name)
        }
        let files = found.values.sorted {
            ($0.kind, $0.dropDate?.dayNumber ?? Int32.max, $0.relativePath)
                < ($1.kind, $1.dropDate?.dayNumber ?? Int32.max, $1.relativePath)
        }
        return DataScan(root: root, files: files, unrecognised: unrecognised, unmatchedPatterns: unmatched)
    }

    /// The regular files under `root/folder`, as paths relative to `root`, sorted; hidden entries skipped.
    /// `depth` limits how many path components below `folder` a file may have (nil: any).
    static func walk(root: String, under folder: String, depth: Int?) -> [String] {
        let fm = FileManager.default
        var result: [String] = []
        var pending: [(String, Int)] = [(folder, 0)]
        while let next = pending.popLast() {
            let (relative, level) = next
            let absolute = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? fm.contentsOfDirectory(atPath: absolute) else { continue }
            for name in names where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                var dir: ObjCBool = false
                guard fm.fileExists(atPath: root + "/" + child, isDirectory: &dir) else { continue }
                if dir.boolValue {
                    // A symbolic link to a folder is not entered (a link to an ancestor would never end).
                    let type = (try? fm.attributesOfItem(atPath: root + "/" + child))?[.type] as? FileAttributeType
                    if type == .typeDirectory, depth.map({ level + 1 < $0 }) ?? true {
                        pending.append((child, level + 1))
                    }
                } else if depth.map({ level + 1 == $0 }) ?? true {
                    result.append(child)
                }
            }
        }
        return result.sorted()
    }

    /// The files under `root` whose relative path matches `glob`. Only the folders the pattern can reach are
    /// listed: from its literal leading folders, as deep as it has components (`*` does not cross `/`).
    static func matches(of glob: String, under root: String) -> [String] {
        let components = glob.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let literal = components.prefix { !$0.contains(where: { "*?[\\".contains($0) }) }
        if literal.count == components.count {
            var dir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root + "/" + glob, isDirectory: &dir)
            return exists && !dir.boolValue && !components.contains(where: { $0.hasPrefix(".") }) ? [glob] : []
        }
        let base = literal.joined(separator: "/")
        return walk(root: root, under: base, depth: components.count - literal.count)
            .filter { globMatches(glob, $0) }
    }

    /// Whether `path` matches the shell pattern `pattern`: fnmatch(3) with `FNM_PATHNAME | FNM_PERIOD`, so
    /// wildcards match neither `/` nor a leading dot.
    static func globMatches(_ pattern: String, _ path: String) -> Bool {
        fnmatch(pattern, path, FNM_PATHNAME | FNM_PERIOD) == 0
    }

    /// The date of the innermost folder of `relative` named `YYYY-MM-DD`, if any.
    static func datedFolder(of relative: String) -> LocalDate? {
        relative.split(separator: "/").dropLast().reversed().lazy.compactMap { LocalDate($0) }.first
    }

    static func baseName(_ name: String) -> String {
        var base = name
        if base.hasSuffix(".zst") { base.removeLast(4) }
        if base.hasSuffix(".csv") { base.removeLast(4) }
        return base
    }

    static func isInputName(_ name: String, kind: FileKind) -> Bool {
        var base = name
        if base.hasSuffix(".zst") { base.removeLast(4) }
        if kind == .telemetry { return base.hasSuffix(".csv") || base.hasSuffix(".jsonl") }
        return base.hasSuffix(".csv")
    }

    static func dataFile(root: String, relative: String, kind: FileKind, dropDate: LocalDate?) -> DataFile? {
        let absolute = root + "/" + relative
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: absolute) else { return nil }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return DataFile(relativePath: relative, absolutePath: absolute, kind: kind, dropDate: dropDate, size: size,
                        modificationTime: mtime)
    }
}
