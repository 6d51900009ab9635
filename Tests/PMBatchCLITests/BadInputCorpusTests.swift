import Foundation
import PMBatchCore
import PMBatchStore
import TestSupport
import Testing

/// The bad-input corpus (`Tests/Fixtures/BadInput/cases.json`): every case is laid over `_base/` (good
/// files whose rows must all be counted), prepared (zstd frames, NUL bytes and a 1 MB line are made at run
/// time), then run through the real binary — `pmbatch validate`, then `pmbatch ingest` into a scratch
/// state — and checked: quarantined rows (file, line, field, reason), rejected files (message), rules errors
/// (line, key), the good files' rows, the alert totals, and any follow-up commands the case names.
@Suite("bad-input corpus")
struct BadInputCorpusTests {
    static let root = TestPaths.fixtures.appendingPathComponent("BadInput")
    static let manifest: CorpusManifest? = try? JSONDecoder().decode(
        CorpusManifest.self, from: Data(contentsOf: root.appendingPathComponent("cases.json")))
    static let night = "2026-11-24"

    @Test("the corpus is readable and holds at least 40 cases with distinct names")
    func corpusShape() throws {
        let manifest = try #require(Self.manifest)
        #expect(manifest.cases.count >= 40)
        #expect(Set(manifest.cases.map(\.name)).count == manifest.cases.count)
        for c in manifest.cases {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(c.name).path,
                                                   isDirectory: &isDirectory) && isDirectory.boolValue, "\(c.name)")
        }
    }

    @Test("each case: outcome as listed, good data kept", arguments: manifest?.cases ?? [])
    func corpusCase(_ c: CorpusCase) throws {
        let manifest = try #require(Self.manifest)
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-bad-\(c.name)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let data = scratch.appendingPathComponent("data")
        try overlay(Self.root.appendingPathComponent("_base"), onto: data)
        try overlay(Self.root.appendingPathComponent(c.name), onto: data)
        for step in c.prepare ?? [] { try prepare(step, in: data) }
        let db = scratch.appendingPathComponent("state.sqlite").path
        let out = scratch.appendingPathComponent("out").path

        // 1. validate: writes nothing, lists every problem.
        let validate = try CLI.run(["validate", "--data", data.path])
        if let config = c.config {
            #expect(validate.status == 2, "\(validate.stdout)\(validate.stderr)")
            #expect(validate.stdout.contains("RULES ") && validate.stdout.contains("rules.toml:\(config.line)"),
                    "\(validate.stdout)")
        } else {
            let problems = !(c.quarantined ?? []).isEmpty || !(c.rejected ?? []).isEmpty
            #expect(validate.status == (problems ? 1 : 0), "\(validate.stdout)\(validate.stderr)")
            for q in c.quarantined ?? [] {
                #expect(validate.stdout.contains("QUARANTINE \(q.file):\(q.line) [\(q.reason)]"), "\(validate.stdout)")
            }
            for r in c.rejected ?? [] {
                #expect(validate.stdout.contains("REJECTED \(r.file)") && validate.stdout.contains(r.contains),
                        "\(validate.stdout)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent(".pmbatch").path))

        // 2. ingest into a scratch state.
        let ingest = try CLI.run(["ingest", "--data", data.path, "--db", db, "--as-of", Self.night])
        #expect(ingest.status == c.exit, "\(ingest.stdout)\(ingest.stderr)")
        if let config = c.config {
            // A configuration error stops the run before anything is written, naming file, line and key.
            #expect(ingest.stderr.contains("rules.toml:\(config.line)"), "\(ingest.stderr)")
            if let key = config.key { #expect(ingest.stderr.contains(key), "\(ingest.stderr)") }
            #expect(ingest.stderr.contains(config.contains), "\(ingest.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db))
            return
        }
        let store = try StateStore(path: db)
        let manifestEntries = try store.manifest()
        let byPath = Dictionary(manifestEntries.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })

        // Quarantined rows: exactly the listed ones.
        let expected = (c.quarantined ?? []).sorted()
        let actual = try store.quarantinedRows().map {
            ExpectedQuarantine(file: $0.file, line: $0.line, field: $0.field, reason: $0.reason.rawValue)
        }.sorted()
        #expect(actual == expected)

        // Rejected files: exactly the listed ones, with a clear message; nothing of them committed.
        let rejected = manifestEntries.filter { $0.status == .rejected }
        #expect(rejected.map(\.path).sorted() == (c.rejected ?? []).map(\.file).sorted())
        for r in c.rejected ?? [] {
            let entry = try #require(byPath[r.file])
            #expect(entry.error.contains(r.contains), "\(entry.error)")
            #expect(entry.rowsRead == 0)
            #expect(ingest.stdout.contains("REJECTED \(r.file)"), "\(ingest.stdout)")
        }

        // The good files of the same run: read whole, every row kept (minus the quarantines listed for them).
        let overridden = Set(try caseFiles(c.name))
        for (path, rows) in manifest.baseFiles where !overridden.contains(path) {
            let entry = try #require(byPath[path], "good file \(path) was not ingested")
            #expect(entry.status == .ok)
            #expect(entry.rowsRead == rows, "\(path)")
            #expect(entry.rowsQuarantined == expected.filter { $0.file == path }.count, "\(path)")
        }
        let allDays = LocalDate("2026-01-01")!..<LocalDate("2027-01-01")!
        let daily = try store.dailyAlerts(days: allDays, asOf: LocalDate(Self.night)!)
        #expect(daily.reduce(0) { $0 + $1.count } == Int64(c.alerts ?? manifest.baseAlerts))
        for (path, file) in c.files ?? [:] {
            let entry = try #require(byPath[path], "\(path) was not ingested")
            if let rows = file.rows { #expect(entry.rowsRead == rows, "\(path)") }
            if let q = file.quarantined { #expect(entry.rowsQuarantined == q, "\(path)") }
            if let d = file.duplicates { #expect(entry.duplicatesSkipped == d, "\(path)") }
        }
        for d in c.dayCounts ?? [] {
            let found = daily.first { $0.assetID == d.asset && $0.code == d.code && $0.day == LocalDate(d.day) }
            let count = try #require(found, "no count for \(d.asset) \(d.code) \(d.day)")
            #expect(count.count == d.count)
            if let min = d.valueMin { #expect(count.valueMin == min) }
            if let max = d.valueMax { #expect(count.valueMax == max) }
        }

        // Follow-up commands (analyze, show, run) on the same state.
        for command in c.commands ?? [] {
            let substitute = { (s: String) in
                s.replacingOccurrences(of: "$DATA", with: data.path).replacingOccurrences(of: "$DB", with: db)
                    .replacingOccurrences(of: "$OUT", with: out)
            }
            let result = try CLI.run(command.args.map(substitute))
            #expect(result.status == command.exit, "\(command.args) → \(result.stdout)\(result.stderr)")
            for text in command.contains ?? [] { #expect(result.stdout.contains(text), "\(result.stdout)") }
            for text in command.lacks ?? [] { #expect(!result.stdout.contains(text), "\(result.stdout)") }
            var cursor = result.stdout.startIndex
            for text in command.order ?? [] {
                let found = result.stdout.range(of: text, range: cursor..<result.stdout.endIndex)
                #expect(found != nil, "'\(text)' not found in order in \(result.stdout)")
                if let found { cursor = found.upperBound }
            }
            if let file = command.file {
                let text = try String(contentsOfFile: substitute(file), encoding: .utf8)
                for fragment in command.fileContains ?? [] { #expect(text.contains(fragment), "\(text)") }
                for fragment in command.fileLacks ?? [] { #expect(!text.contains(fragment), "\(text)") }
            }
        }
    }

    /// Copies every file under `source` to the same relative path under `destination`, replacing.
    func overlay(_ source: URL, onto destination: URL) throws {
        let fm = FileManager.default
        for relative in try files(under: source) {
            let target = destination.appendingPathComponent(relative)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.copyItem(at: source.appendingPathComponent(relative), to: target)
        }
    }

    /// The relative paths of the regular files under `root`, sorted.
    func files(under root: URL) throws -> [String] {
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(atPath: root.path) else { return [] }
        var found: [String] = []
        while let item = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: root.appendingPathComponent(item).path, isDirectory: &isDirectory),
               !isDirectory.boolValue {
                found.append(item)
            }
        }
        return found.sorted()
    }

    func caseFiles(_ name: String) throws -> [String] {
        try files(under: Self.root.appendingPathComponent(name))
    }

    /// Applies one run-time preparation step.
    func prepare(_ step: PrepareStep, in data: URL) throws {
        let url = data.appendingPathComponent(step.file)
        switch step.op {
        case "replace":
            var bytes = try Data(contentsOf: url)
            let marker = Data(try #require(step.marker).utf8)
            let range = try #require(bytes.range(of: marker), "marker \(step.marker ?? "") not in \(step.file)")
            let replacement: Data
            if let hex = step.hex {
                replacement = Data(stride(from: 0, to: hex.count, by: 2).map { i in
                    let start = hex.index(hex.startIndex, offsetBy: i)
                    return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
                })
            } else {
                replacement = Data(String(repeating: try #require(step.repeat), count: step.count ?? 1).utf8)
            }
            bytes.replaceSubrange(range, with: replacement)
            try bytes.write(to: url)
        case "zstd":
            let compressed = try zstdCompress(url)
            var bytes = try Data(contentsOf: compressed)
            if step.skippable == true {
                // A skippable frame (magic 0x184D2A50, 4-byte length) between the frames.
                bytes += Data([0x50, 0x2A, 0x4D, 0x18, 0x03, 0x00, 0x00, 0x00, 0x61, 0x62, 0x63])
            }
            if let second = step.secondFrame {
                let extra = url.deletingLastPathComponent().appendingPathComponent("second-frame.tmp")
                try Data(second.utf8).write(to: extra)
                let extraZst = try zstdCompress(extra)
                bytes += try Data(contentsOf: extraZst)
                try FileManager.default.removeItem(at: extraZst)
            }
            if let n = step.truncate { bytes = bytes.prefix(bytes.count - n) }
            if let text = step.append { bytes += Data(text.utf8) }
            if let from = step.corruptFrom {
                for i in from..<min(from + (step.corruptCount ?? 1), bytes.count) {
                    bytes[bytes.startIndex + i] = 0xFF
                }
            }
            try bytes.write(to: compressed)
        default:
            Issue.record("unknown preparation step \(step.op)")
        }
    }
}

/// `Tests/Fixtures/BadInput/cases.json`.
struct CorpusManifest: Decodable {
    /// Alert occurrences the base telemetry contributes.
    var baseAlerts: Int
    /// The base's good files and their data-row counts.
    var baseFiles: [String: Int]
    var cases: [CorpusCase]
}

/// One malformed input and its expected outcome.
struct CorpusCase: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var about: String
    var prepare: [PrepareStep]?
    /// The `pmbatch ingest` exit code.
    var exit: Int32
    var quarantined: [ExpectedQuarantine]?
    var rejected: [ExpectedRejection]?
    var config: ExpectedConfigError?
    /// Total alert occurrences counted (default: the base's).
    var alerts: Int?
    var files: [String: ExpectedFile]?
    var dayCounts: [ExpectedDayCount]?
    var commands: [FollowUpCommand]?

    var testDescription: String { name }
}

/// A run-time change to a case's files (`replace` a marker, compress with `zstd` and damage the frames).
struct PrepareStep: Decodable, Sendable {
    var op: String
    var file: String
    var marker: String?
    var hex: String?
    var `repeat`: String?
    var count: Int?
    var truncate: Int?
    var append: String?
    var corruptFrom: Int?
    var corruptCount: Int?
    var skippable: Bool?
    var secondFrame: String?
}

struct ExpectedQuarantine: Codable, Sendable, Comparable, CustomStringConvertible {
    var file: String
    var line: Int
    var field: String
    var reason: String

    static func < (a: ExpectedQuarantine, b: ExpectedQuarantine) -> Bool {
        (a.file, a.line, a.field, a.reason) < (b.file, b.line, b.field, b.reason)
    }

    var description: String { "\(file):\(line) \(field) \(reason)" }
}

struct ExpectedRejection: Decodable, Sendable {
    var file: String
    var contains: String
}

struct ExpectedConfigError: Decodable, Sendable {
    var line: Int
    var key: String?
    var contains: String
}

struct ExpectedFile: Decodable, Sendable {
    var rows: Int?
    var quarantined: Int?
    var duplicates: Int?
}

struct ExpectedDayCount: Decodable, Sendable {
    var asset: String
    var code: String
    var day: String
    var count: Int64
    var valueMin: Double?
    var valueMax: Double?
}

struct FollowUpCommand: Decodable, Sendable {
    var args: [String]
    var exit: Int32
    var contains: [String]?
    var lacks: [String]?
    /// Substrings that must appear in this order.
    var order: [String]?
    var file: String?
    var fileContains: [String]?
    var fileLacks: [String]?
}
