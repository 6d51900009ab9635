import Foundation
import Testing
import PMBatchCore
@testable import PMBatchIngest
import TestSupport

@Suite struct TelemetryReaderTests {
    static let shanghai = ZoneRules(identifier: "Asia/Shanghai")!

    static let csv = """
    value,code,asset_id,ts,site
    1.5,door_open_delay,EL-1,2026-11-23T15:59:59Z,x
    2.5,door_open_delay,EL-1,2026-11-23T16:00:00Z,x
    2.5,door_open_delay,EL-1,2026-11-23T16:00:00Z,x
    ,door_open_delay,EL-1,2026-11-24 00:30:00,x
    -3,door_open_delay,EL-1,2026-11-24T00:40:00+08:00,x
    2.5,door_open_delay,EL-1,2026-11-23T16:00:00.000Z,x
    7,overspeed,EL-2,2026-11-24T02:00:00Z,x
    abc,overspeed,EL-2,2026-11-24T02:00:00Z,x
    nan,overspeed,EL-2,2026-11-24T02:00:00Z,x
    inf,overspeed,EL-2,2026-11-24T02:00:00Z,x
    1,overspeed,EL-3,2026-11-24T02:00:00Z,x
    1,overspeed,EL-2,2026-11-31T02:00:00Z,x
    1,,EL-2,2026-11-24T02:00:00Z,x
    1,overspeed,EL-2
    "2","overspeed","EL-2","2026-11-24T02:00:00Z","multi
    line"
    8,overspeed,EL-2,2026-11-24T02:00:00Z,x

    """

    static func check(_ s: TelemetrySummary) {
        #expect(s.rowsRead == 16)
        #expect(s.duplicatesSkipped == 2)
        #expect(s.rowsCounted == 7)
        #expect(s.quarantinedByReason == [.badNumber: 3, .unknownAsset: 1, .badTimestamp: 1, .missingField: 1,
                                          .wrongColumnCount: 1])
        #expect(s.quarantineSamples.map(\.line) == [9, 10, 11, 12, 13, 14, 15])
        #expect(s.counts == [
            TelemetryDayCount(assetID: "EL-1", code: "door_open_delay", day: LocalDate("2026-11-23")!, count: 1,
                              valueCount: 1, valueMin: 1.5, valueMax: 1.5, valueSum: 1.5),
            TelemetryDayCount(assetID: "EL-1", code: "door_open_delay", day: LocalDate("2026-11-24")!, count: 3,
                              valueCount: 2, valueMin: -3, valueMax: 2.5, valueSum: -0.5),
            TelemetryDayCount(assetID: "EL-2", code: "overspeed", day: LocalDate("2026-11-24")!, count: 3,
                              valueCount: 3, valueMin: 2, valueMax: 8, valueSum: 17),
        ])
    }

    @Test(arguments: [1, 3, 16, 1 << 20])
    func csvAggregationDuplicatesMidnightAndBadRows(chunkSize: Int) throws {
        let path = try Helpers.file(Self.csv, name: "t.csv")
        let s = try TelemetryReader.read(path: path, displayName: "t.csv",
                                         context: ReadContext(zone: Self.shanghai, knownAssets: ["EL-1", "EL-2"]),
                                         chunkSize: chunkSize)
        #expect(s.format == .csv)
        Self.check(s)
    }

    @Test(arguments: [false, true])
    func compressedCSV(background: Bool) throws {
        let path = try Helpers.file(try Helpers.zstd(Data(Self.csv.utf8)), name: "t.csv")
        let s = try TelemetryReader.read(path: path, displayName: "t.csv",
                                         context: ReadContext(zone: Self.shanghai, knownAssets: ["EL-1", "EL-2"]),
                                         chunkSize: 16, background: background)
        #expect(s.compressed)
        Self.check(s)
    }

    // A dump is hashed while it is read: the hash is the manifest's (`FileHasher.contentHash`) for plain
    // and zstd files (two frames, over 1 MiB compressed so that reads repeat), on either thread layout.
    @Test(arguments: [false, true])
    func contentHashIsComputedWhileReading(background: Bool) throws {
        var text = "ts,asset_id,code,value\n"
        for i in 0..<160_000 { text += "2026-11-24T01:\(pad(i / 60 % 60, 2)):\(pad(i % 60, 2))Z,A-\(i % 997),c\(i % 13),\(i)\n" }
        let plain = Data(text.utf8)
        var frames = try Helpers.zstd(plain, level: 1)
        frames += try Helpers.zstd(Data("2026-11-24T02:00:00Z,A-1,c,1\n".utf8))
        #expect(frames.count > 1 << 20)
        for (data, name) in [(plain, "p.csv"), (frames, "z.csv.zst")] {
            let path = try Helpers.file(data, name: name)
            for chunkSize in [4096, 1 << 20] {
                let s = try TelemetryReader.read(path: path, displayName: name, context: ReadContext(),
                                                 chunkSize: chunkSize, background: background)
                #expect(s.contentHash == (try FileHasher.contentHash(path: path)), "\(name) \(chunkSize)")
            }
        }
    }

    static let jsonl = """
    \u{FEFF}{"ts":"2026-11-23T15:59:59Z","asset_id":"EL-1","code":"door_open_delay","value":1.5}
    {"code":"door_open_delay","ts":"2026-11-23T16:00:00Z","value":2.5,"asset_id":"EL-1","extra":{"a":[1,"}"]}}
    {"ts":"2026-11-23T16:00:00Z","asset_id":"EL-1","code":"door_open_delay","value":2.5}

    {"ts":"2026-11-24 00:30:00","asset_id":"EL-\\u0031","code":"door_open_delay","value":null}
    {"ts":"2026-11-24T00:40:00+08:00","asset_id":"EL-1","code":"door\\u005fopen_delay","value":-3e0}
    { "ts" : "2026-11-24T02:00:00Z" , "asset_id" : 42 , "code" : "overspeed" }
    {"ts":"2026-11-24T02:00:00Z","asset_id":"EL-2","code":"overspeed","value":"abc"}
    {"ts":"2026-11-24T02:00:00Z","asset_id":"EL-2","code":"overspeed","value":true}
    {"ts":"2026-11-24T02:00:00Z","asset_id":"EL-2","code":"overspeed"
    {"ts":"2026-11-24T02:00:00Z","asset_id":"EL-2"}
    {"ts":"2026-11-24T02:00:00Z","asset_id":"\\ud83d\\ude00","code":"x\\"y\\\\z","value":7}
    """

    @Test(arguments: [1, 5, 1 << 20])
    func jsonlFastAndSlowPaths(chunkSize: Int) throws {
        let path = try Helpers.file(Self.jsonl, name: "t.jsonl")
        let s = try TelemetryReader.read(path: path, displayName: "t.jsonl", context: ReadContext(zone: Self.shanghai),
                                         chunkSize: chunkSize)
        #expect(s.format == .jsonl)
        #expect(s.rowsRead == 11)
        #expect(s.duplicatesSkipped == 1)
        #expect(s.rowsCounted == 6)
        #expect(s.quarantinedByReason == [.badNumber: 2, .badJSON: 1, .missingField: 1])
        #expect(s.quarantineSamples.map(\.line) == [8, 9, 10, 11])
        #expect(s.counts.map { "\($0.assetID)|\($0.code)|\($0.day)|\($0.count)|\($0.valueSum)" } == [
            "42|overspeed|2026-11-24|1|0.0",
            "EL-1|door_open_delay|2026-11-23|1|1.5",
            "EL-1|door_open_delay|2026-11-24|3|-0.5",
            "😀|x\"y\\z|2026-11-24|1|7.0",
        ])
    }

    @Test func jsonlColumnMapAppliesToKeys() throws {
        let path = try Helpers.file("{\"time\":\"2026-11-24T02:00:00Z\",\"machine\":7,\"err\":\"e1\"}\n", name: "m.jsonl")
        let columns = ColumnMap([.telemetry: ["ts": "time", "asset_id": "machine", "code": "err"]])
        let s = try TelemetryReader.read(path: path, displayName: "m.jsonl", context: ReadContext(columns: columns))
        #expect(s.counts.map { "\($0.assetID)|\($0.code)|\($0.day)" } == ["7|e1|2026-11-24"])
    }

    @Test func sampleLimitKeepsFirstRowsAndCountsAll() throws {
        let text = "ts,asset_id,code\n" + String(repeating: "bad,A,c\n", count: 30)
        let s = try TelemetryReader.read(path: try Helpers.file(text), displayName: "f.csv", context: ReadContext(),
                                         sampleLimit: 10)
        #expect(s.quarantined == 30)
        #expect(s.quarantineSamples.count == 10)
        #expect(s.quarantineSamples.first?.line == 2)
    }

    // Replaces the one-hour-window test: duplicates are now looked for among the last 8 counted rows of
    // the same asset (`DuplicateFilter`), whatever their ts distance and whatever other assets lie between.
    @Test func duplicatesAreFoundAmongTheLastEightRowsOfTheSameAsset() throws {
        var text = "ts,asset_id,code,value\n"
        text += "2026-11-24T01:00:00Z,A,c,1.0\n"      // counted; A remembers [01:00]
        text += "2026-11-24T03:00:00Z,A,c,\n"         // counted
        text += "2026-11-24T01:00:00Z,A,c,1.00\n"     // duplicate (out of order, same value bits)
        text += "2026-11-24T01:00:00Z,A,d,1\n"        // counted: another code
        text += "2026-11-24T03:00:00Z,A,c,0\n"        // counted: a value where there was none
        for m in 0..<20 { text += "2026-11-24T02:\(pad(m, 2)):00Z,B,c,\n" }  // 20 counted, other asset
        text += "2026-11-24T03:00:00Z,A,c,\n"         // duplicate: other assets do not push A's rows out
        for m in 0..<5 { text += "2026-11-24T04:\(pad(m, 2)):00Z,A,c,\n" }   // 5 counted: A has 9 rows
        text += "2026-11-24T03:00:00Z,A,c,\n"         // duplicate: still among A's last 8
        text += "2026-11-24T01:00:00Z,A,c,1\n"        // counted: 8 rows of A came after the original
        text += "2026-11-24T01:00:00Z,A,c,1\n"        // duplicate of the row just counted
        text += "2026-11-24T04:04:00Z,A,c,-0\n"       // counted: -0 and no value differ
        text += "2026-11-24T04:04:00Z,A,c,-0.0\n"     // duplicate
        let s = try TelemetryReader.read(path: try Helpers.file(text), displayName: "f.csv", context: ReadContext())
        #expect(s.rowsRead == 36)
        #expect(s.duplicatesSkipped == 5)
        #expect(s.rowsCounted == 31)
    }

    // `background` false counts inline, true on the counting thread, in batches of 8192 rows: the
    // duplicate rule across batch boundaries and the totals must not depend on it.
    @Test(arguments: [false, true])
    func manyRowsExerciseTableGrowthAndEviction(background: Bool) throws {
        var text = "ts,asset_id,code,value\n"
        for i in 0..<60_000 {
            let second = i / 2
            text += "2026-11-24T\(pad(second / 3600, 2)):\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2))Z,A-\(i % 5000),c\(i % 7),\(i % 3)\n"
            if i % 1000 == 0 { text += "2026-11-24T00:00:00Z,A-0,c0,0\n" }
        }
        let s = try TelemetryReader.read(path: try Helpers.file(text), displayName: "f.csv", context: ReadContext(),
                                         chunkSize: 4096, background: background)
        #expect(s.rowsRead == 60_060)
        // Adapted from the one-hour window to the 8-row ring: the extra rows duplicate row 1 (A-0, c0, 0)
        // until 8 more rows of A-0 (i = 5000, …, 40000) have pushed it out: i = 0, 1000, …, 39000 are 40
        // duplicates. The extra row after i = 40000 is counted and remembered again, and only 3 more rows
        // of A-0 follow (45000, 50000, 55000), so the 19 extras after it are duplicates of it: 59 in all.
        #expect(s.duplicatesSkipped == 59)
        #expect(s.rowsCounted == 60_001)
        #expect(s.counts.reduce(0) { $0 + $1.count } == 60_001)
    }

    // A file rejected after many rows (a zstd stream truncated after 60,000 rows) stops the counting thread
    // and reports the error; a hang here would be a counting thread never told to end. (A bad byte in a
    // row no longer rejects the file: it quarantines the row.)
    @Test(arguments: [false, true])
    func rejectionAfterManyBatchesEndsTheCounter(background: Bool) throws {
        var text = "ts,asset_id,code,value\n"
        for i in 0..<60_000 { text += "2026-11-24T01:00:\(pad(i % 60, 2))Z,A-\(i % 100),c,\(i)\n" }
        let compressed = try Helpers.zstd(Data(text.utf8))
        let path = try Helpers.file(compressed.prefix(compressed.count - 8), name: "f.csv.zst")
        let error = #expect(throws: IngestError.self) {
            _ = try TelemetryReader.read(path: path, displayName: "f.csv.zst", context: ReadContext(),
                                         chunkSize: 4096, background: background)
        }
        guard case .zstdTruncated(let file, _)? = error else {
            Issue.record("expected a truncated zstd stream, got \(String(describing: error))")
            return
        }
        #expect(file == "f.csv.zst")
    }

    @Test func emptyAndHeaderlessFiles() throws {
        #expect(throws: IngestError.noHeader(file: "e.csv")) {
            _ = try TelemetryReader.read(path: try Helpers.file(" \n\n"), displayName: "e.csv", context: ReadContext())
        }
        #expect(throws: IngestError.missingColumns(file: "e.csv", columns: ["code"], lookedFor: ["code"])) {
            _ = try TelemetryReader.read(path: try Helpers.file("ts,asset_id\n"), displayName: "e.csv",
                                         context: ReadContext())
        }
    }

    @Test(.enabled(if: TestPaths.runAzurePdMTests, "needs ../shared/data/azure-pdm beside the project")) func azurePdMErrors() throws {
        let path = TestPaths.azurePdM.appendingPathComponent("PdM_errors.csv").path
        try #require(FileManager.default.fileExists(atPath: path))
        let columns = ColumnMap([.telemetry: ["ts": "datetime", "asset_id": "machineID", "code": "errorID"]])
        let s = try TelemetryReader.read(path: path, displayName: "PdM_errors.csv",
                                         context: ReadContext(columns: columns))
        #expect(s.rowsRead == 3919)
        #expect(s.quarantined == 0)
        #expect(s.rowsCounted + s.duplicatesSkipped == 3919)
        #expect(s.rowsCounted == 3919)
        #expect(Set(s.counts.map(\.code)) == ["error1", "error2", "error3", "error4", "error5"])
    }
}
