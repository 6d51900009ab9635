import Foundation
import PMBatchCore

/// One input file found in a data directory.
public struct DataFile: Hashable, Sendable {
    /// Path relative to the data directory, `/`-separated (the manifest key).
    public var relativePath: String
    /// Absolute path.
    public var absolutePath: String
    public var kind: FileKind
    /// The dated folder it sits in; nil outside one (then it counts as dropped on the as-of date).
    public var dropDate: LocalDate?
    public var size: Int64
    public var modificationTime: Double

    /// Whether a run as of `asOf` may read it.
    public func isVisible(asOf: LocalDate) -> Bool { dropDate.map { $0 <= asOf } ?? true }
}

/// Finds the input files of a data directory laid out as SPEC §1 describes.
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

    /// Every input file under `root`, sorted in ingest order: kind, drop date, path.
    /// Hidden files and folders (such as `.pmbatch`) are skipped.
    public static func scan(_ root: String) throws(IngestError) -> [DataFile] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IngestError.cannotOpen(file: root, reason: "the data directory does not exist")
        }
        var files: [DataFile] = []
        let top = (try? fm.contentsOfDirectory(atPath: root)) ?? []
        for name in top.sorted() where !name.hasPrefix(".") {
            if let kind = registries[baseName(name)], name.hasSuffix(".csv") || name.hasSuffix(".csv.zst") {
                if let file = dataFile(root: root, relative: name, kind: kind, dropDate: nil) { files.append(file) }
            }
        }
        for (folder, kind) in dropFolders {
            let base = root + "/" + folder
            guard let enumerator = fm.enumerator(atPath: base) else { continue }
            var relatives: [String] = []
            while let item = enumerator.nextObject() as? String {
                let last = (item as NSString).lastPathComponent
                if last.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                relatives.append(item)
            }
            for item in relatives.sorted() {
                let full = base + "/" + item
                var dir: ObjCBool = false
                guard fm.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue else { continue }
                guard isInputName((item as NSString).lastPathComponent, kind: kind) else { continue }
                let components = item.split(separator: "/")
                let dropDate = components.count >= 2 ? LocalDate(components[0]) : nil
                if let file = dataFile(root: root, relative: folder + "/" + item, kind: kind, dropDate: dropDate) {
                    files.append(file)
                }
            }
        }
        return files.sorted {
            ($0.kind, $0.dropDate?.dayNumber ?? Int32.max, $0.relativePath)
                < ($1.kind, $1.dropDate?.dayNumber ?? Int32.max, $1.relativePath)
        }
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
