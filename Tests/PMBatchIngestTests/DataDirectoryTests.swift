import Foundation
import PMBatchCore
@testable import PMBatchIngest
import Testing
import TestSupport

/// A folder with `files` (relative path → text), for scans.
private func folder(_ files: [String]) throws -> URL {
    let root = try TestPaths.makeScratchDirectory("pmbatch-scan")
    for path in files { try TestPaths.write("h\n", to: path, under: root) }
    return root
}

/// The scan's files as `kind path @drop-date` lines, in scan order.
private func listing(_ scan: DataScan) -> [String] {
    scan.files.map { "\($0.kind.rawValue) \($0.relativePath) @\($0.dropDate?.description ?? "-")" }
}

@Suite("data directory scan")
struct DataDirectoryTests {
    @Test("the SPEC layout: top-level registries, dated drop folders; hidden entries and rules.toml are no input")
    func specLayout() throws {
        let root = try folder(["assets.csv", "failures.csv.zst", "rules.toml", ".pmbatch/state.csv",
                               "telemetry/2026-01-02/b.jsonl", "telemetry/2026-01-01/a.csv", "telemetry/loose.csv",
                               "telemetry/2026-01-01/notes.txt", "work_orders/2026-01-01/w.csv", "notes.txt"])
        let scan = try DataDirectory.scan(root.path)
        #expect(listing(scan) == [
            "assets assets.csv @-", "failures failures.csv.zst @-", "work_orders work_orders/2026-01-01/w.csv @2026-01-01",
            "telemetry telemetry/2026-01-01/a.csv @2026-01-01", "telemetry telemetry/2026-01-02/b.jsonl @2026-01-02",
            "telemetry telemetry/loose.csv @-",
        ])
        #expect(scan.unrecognised == ["notes.txt"])
        #expect(scan.unmatchedPatterns.isEmpty)
    }

    @Test("[files]: names and globs read where they lie; drop date fixed, else the innermost dated folder, else none")
    func mappedFiles() throws {
        let root = try folder(["PdM_machines.csv", "PdM_errors.csv", "README.md", "rules.toml",
                               "exports/2015-03-01/night/errors-1.csv", "exports/2015-03-02/errors-2.csv",
                               "exports/2015-03-02/deeper/errors-3.csv", "exports/.hidden/errors-4.csv",
                               "history/PdM_failures.csv", "old/x.csv"])
        let mapping = FileMapping([
            .assets: .init(globs: ["PdM_machines.csv"]),
            .telemetry: .init(globs: ["PdM_errors.csv", "exports/*/errors-*.csv", "exports/*/*/errors-*.csv"]),
            .failures: .init(globs: ["history/*.csv"], dropDate: LocalDate("2015-01-01")),
            .parts: .init(globs: ["parts-*.csv"]),
        ])
        let scan = try DataDirectory.scan(root.path, mapping: mapping)
        // `*` does not cross `/`: errors-3.csv is found by the three-level glob only, errors-4.csv never
        // (hidden folder).
        #expect(listing(scan) == [
            "assets PdM_machines.csv @-", "failures history/PdM_failures.csv @2015-01-01",
            "telemetry exports/2015-03-01/night/errors-1.csv @2015-03-01",
            "telemetry exports/2015-03-02/deeper/errors-3.csv @2015-03-02",
            "telemetry exports/2015-03-02/errors-2.csv @2015-03-02", "telemetry PdM_errors.csv @-",
        ])
        #expect(scan.unrecognised == ["README.md", "old/"])
        #expect(scan.unmatchedPatterns == ["parts = \"parts-*.csv\""])
        #expect(try scan.requireInputFiles().count == 6)
    }

    @Test("[files] over SPEC-layout files of the same kind: read once, with the fixed drop date")
    func mappedSpecFile() throws {
        let root = try folder(["assets.csv", "telemetry/2026-01-01/a.csv"])
        let scan = try DataDirectory.scan(root.path, mapping: FileMapping([
            .telemetry: .init(globs: ["telemetry/*/*.csv"], dropDate: LocalDate("2026-02-01")),
        ]))
        #expect(listing(scan) == ["assets assets.csv @-", "telemetry telemetry/2026-01-01/a.csv @2026-02-01"])
    }

    @Test("a file claimed by two kinds is an error, not a guess", arguments: [
        FileMapping([.telemetry: .init(globs: ["*.csv"]), .failures: .init(globs: ["f.csv"])]),
        FileMapping([.telemetry: .init(globs: ["*.csv"])]),  // also claims assets.csv
    ])
    func ambiguous(_ mapping: FileMapping) throws {
        let root = try folder(["assets.csv", "f.csv"])
        #expect(throws: DataDirectoryError.self) { try DataDirectory.scan(root.path, mapping: mapping) }
        do {
            _ = try DataDirectory.scan(root.path, mapping: mapping)
        } catch {
            #expect(error.description.contains("is claimed by more than one input kind"))
        }
    }

    @Test("no input file: the error names what was expected and lists what was found")
    func noInputFiles() throws {
        let foreign = try folder(["a.csv", "b.csv", "notes/x.txt", "rules.toml", ".pmbatch/state.sqlite"])
        let scan = try DataDirectory.scan(foreign.path, mapping: FileMapping([.assets: .init(globs: ["m.csv"])]))
        #expect(scan.files.isEmpty)
        #expect(throws: DataDirectoryError.noInputFiles(directory: foreign.path, unrecognised: ["a.csv", "b.csv", "notes/"],
                                                       unmatchedPatterns: ["assets = \"m.csv\""])) {
            try scan.requireInputFiles()
        }
        let message = DataDirectoryError.noInputFiles(directory: "/x/data", unrecognised: ["a.csv", "b.csv", "notes/"],
                                                      unmatchedPatterns: ["assets = \"m.csv\""]).description
        #expect(message == "no input files in /x/data: expected assets.csv, components.csv, engineers.csv, parts.csv, "
            + "failures.csv or dated folders work_orders/YYYY-MM-DD/…, work_order_events/YYYY-MM-DD/…, "
            + "telemetry/YYYY-MM-DD/…, or files mapped with [files] in rules.toml; found 2 files and 1 folder at the "
            + "top level that match no input kind (a.csv, b.csv, notes/) — map them with [files] in rules.toml; "
            + "[files] matched nothing for assets = \"m.csv\"")

        let empty = try folder(["rules.toml"])
        #expect(throws: DataDirectoryError.noInputFiles(directory: empty.path, unrecognised: [], unmatchedPatterns: [])) {
            try DataDirectory.scan(empty.path).requireInputFiles()
        }
        #expect(throws: DataDirectoryError.missing(directory: empty.path + "/nope")) {
            try DataDirectory.scan(empty.path + "/nope")
        }
    }

    @Test("a long list of foreign files is cut after eight names")
    func longList() {
        let names = (1...10).map { "f\($0).csv" }
        let message = DataDirectoryError.noInputFiles(directory: "d", unrecognised: names, unmatchedPatterns: [])
            .description
        #expect(message.hasSuffix("found 10 files at the top level that match no input kind (f1.csv, f2.csv, f3.csv, "
            + "f4.csv, f5.csv, f6.csv, f7.csv, f8.csv, …) — map them with [files] in rules.toml"))
    }

    @Test("a symbolic link to a folder is not entered, so a link to an ancestor cannot loop")
    func symlinkLoop() throws {
        let root = try folder(["telemetry/2026-01-01/a.csv"])
        try FileManager.default.createSymbolicLink(atPath: root.path + "/telemetry/2026-01-01/loop",
                                                   withDestinationPath: root.path + "/telemetry")
        let scan = try DataDirectory.scan(root.path, mapping: FileMapping([.failures: .init(globs: ["telemetry/*/*/*"])]))
        #expect(listing(scan) == ["telemetry telemetry/2026-01-01/a.csv @2026-01-01"])
    }
}
