import Foundation
import PMBatchCore
import PMBatchStore
import Testing
import TestSupport

/// The manifest, quarantine and meta methods.
@Suite("State store: manifest, quarantine, meta")
struct ManifestQueryTests {
    typealias F = StoreFixture

    @Test("manifest: every entry by path, each field as stored (arrival included)")
    func manifest() throws {
        let store = try StateStore()
        var late = F.entry("t/2026-11-20/b.csv", .telemetry, drop: "2026-11-20", hash: "hb",
                           arrival: .replaced(after: F.day("2026-11-21")))
        late.size = 99
        late.modificationTime = 12.5
        late.rowsRead = 7
        late.rowsQuarantined = 2
        late.duplicatesSkipped = 1
        let undated = F.entry("assets.csv", .assets, drop: nil, hash: "ha")
        try store.replace(with: FileContribution(entry: late))
        try store.replace(with: FileContribution(entry: undated))
        #expect(try store.manifest() == [undated, late])
    }

    @Test("touch: only the file's modification time changes")
    func touch() throws {
        let store = try StateStore()
        try store.replace(with: FileContribution(entry: F.entry("a.csv", .assets, drop: nil)))
        try store.replace(with: FileContribution(entry: F.entry("b.csv", .parts, drop: nil)))
        try store.touch(path: "b.csv", modificationTime: 42)
        #expect(try store.manifest().map(\.modificationTime) == [1, 42])
        var expected = F.entry("b.csv", .parts, drop: nil)
        expected.modificationTime = 42
        #expect(try store.manifest().last == expected)
    }

    @Test("recordRejected then replace: the fixed content counts, one entry, status ok")
    func rejectedThenReplaced() throws {
        let store = try StateStore()
        let day = F.day("2026-11-20")
        var rejected = F.entry("t/a.csv", .telemetry, drop: "2026-11-20", hash: "bad")
        rejected.error = "truncated zstd frame"
        rejected.status = .ok  // recordRejected marks it rejected whatever it is given
        try store.recordRejected(rejected)
        #expect(try store.manifest().map { "\($0.status) \($0.error)" } == ["rejected truncated zstd frame"])
        try store.replace(with: F.telemetry("t/a.csv", drop: "2026-11-20", arrival: .fixed(after: day),
                                            [F.alerts("A", "x", "2026-11-20", 4)]))
        let entries = try store.manifest()
        #expect(entries.map { "\($0.status) \($0.contentHash) \($0.error)" } == ["ok h1 "])
        #expect(entries.first?.arrival == .fixed(after: day))
        #expect(try F.alertCounts(store, codes: ["x"], days: day..<day.adding(days: 1), asOf: day) == ["A": 4])
    }

    @Test("forgetAllFiles: every file and every contribution goes; nights stay")
    func forgetAllFiles() throws {
        let store = try StateStore()
        let day = F.day("2026-11-20")
        try store.replace(with: FileContribution(
            entry: F.entry("t/a.csv", .telemetry, drop: nil), telemetry: [F.alerts("A", "x", "2026-11-20", 4)],
            quarantined: [QuarantinedRow(file: "t/a.csv", line: 3, field: "ts", reason: .badTimestamp, detail: "d",
                                         raw: "r")],
            quarantineCounts: [.badTimestamp: 1]))
        try store.replace(with: F.records("assets.csv", .assets, drop: nil, [(2, .asset(Asset(assetID: "A")))]))
        try store.recordNight(day, plan: NightPlan(), rulesDigest: "d")
        try store.forgetAllFiles()
        #expect(try store.manifest().isEmpty)
        #expect(try store.assets(asOf: day).isEmpty)
        #expect(try store.knownAssetIDs().isEmpty)
        #expect(try F.alertCounts(store, codes: ["x"], days: day..<day.adding(days: 1), asOf: day).isEmpty)
        #expect(try store.knownAlertCodes(asOf: day).isEmpty)
        #expect(try store.quarantineTallies().isEmpty)
        #expect(try store.quarantinedRows().isEmpty)
        #expect(try store.processedNights() == [day])
    }

    @Test("quarantineTallies: per file and reason, by path then reason, with the drop date; zero counts absent")
    func quarantineTallies() throws {
        let store = try StateStore()
        try store.replace(with: FileContribution(
            entry: F.entry("t/2026-11-21/b.csv", .telemetry, drop: "2026-11-21"),
            quarantineCounts: [.unknownAsset: 4, .badDate: 2, .badJSON: 0]))
        try store.replace(with: FileContribution(entry: F.entry("t/a.csv", .telemetry, drop: nil),
                                                 quarantineCounts: [.wrongColumnCount: 1]))
        let tallies = try store.quarantineTallies()
        #expect(tallies.map { "\($0.path) \($0.rawReason) \($0.count)" }
            == ["t/2026-11-21/b.csv bad_date 2", "t/2026-11-21/b.csv unknown_asset 4", "t/a.csv wrong_column_count 1"])
        #expect(tallies.map(\.dropDate) == [F.day("2026-11-21"), F.day("2026-11-21"), nil])
        #expect(tallies.map(\.reason) == [.badDate, .unknownAsset, .wrongColumnCount])
    }

    @Test("quarantinedRows: by path, line, then stored order; at most the limit")
    func quarantinedRows() throws {
        let store = try StateStore()
        func q(_ file: String, _ line: Int, _ detail: String) -> QuarantinedRow {
            QuarantinedRow(file: file, line: line, field: "ts", reason: .badTimestamp, detail: detail, raw: "raw")
        }
        try store.replace(with: FileContribution(entry: F.entry("t/b.csv", .telemetry, drop: nil),
                                                 quarantined: [q("t/b.csv", 9, "b9"), q("t/b.csv", 2, "b2")]))
        try store.replace(with: FileContribution(
            entry: F.entry("t/a.csv", .telemetry, drop: nil),
            quarantined: [q("t/a.csv", 5, "a5 first"), q("t/a.csv", 3, "a3"), q("t/a.csv", 5, "a5 second")]))
        #expect(try store.quarantinedRows().map(\.detail) == ["a3", "a5 first", "a5 second", "b2", "b9"])
        #expect(try store.quarantinedRows(limit: 2) == [q("t/a.csv", 3, "a3"), q("t/a.csv", 5, "a5 first")])
    }

    @Test("meta: unset is nil, the last value set wins")
    func meta() throws {
        let store = try StateStore()
        #expect(try store.meta("k") == nil)
        try store.setMeta("k", "1")
        try store.setMeta("other", "x")
        try store.setMeta("k", "2")
        #expect(try store.meta("k") == "2")
        #expect(try store.meta("other") == "x")
    }

    @Test("a state file opened again keeps what was stored (migrations do not run twice)")
    func reopen() throws {
        let path = try TestPaths.makeScratchDirectory("pmbatch-store-reopen")
            .appendingPathComponent("s/state.sqlite").path
        do {
            let store = try StateStore(path: path)
            try store.replace(with: F.records("assets.csv", .assets, drop: nil, [(2, .asset(Asset(assetID: "A")))]))
            try store.setFirstNight(F.day("2026-11-20"))
        }
        let again = try StateStore(path: path)
        #expect(try again.knownAssetIDs() == ["A"])
        #expect(try again.firstNight() == F.day("2026-11-20"))
    }
}
