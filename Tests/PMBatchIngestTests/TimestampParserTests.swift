import Testing
import PMBatchCore
@testable import PMBatchIngest

@Suite struct TimestampParserTests {
    @Test(arguments: [
        ("2026-11-24T03:15:22Z", "2026-11-24T03:15:22Z"),
        ("2026-11-24t03:15:22z", "2026-11-24T03:15:22Z"),
        ("2026-11-24 03:15:22Z", "2026-11-24T03:15:22Z"),
        ("2026-11-24T03:15:22+08:00", "2026-11-23T19:15:22Z"),
        ("2026-11-24T03:15:22-0530", "2026-11-24T08:45:22Z"),
        ("2026-11-24T03:15:22.5Z", "2026-11-24T03:15:22.500Z"),
        ("2026-11-24T03:15:22.123456789Z", "2026-11-24T03:15:22.123Z"),
        ("2026-11-24T03:15:22.07+01:00", "2026-11-24T02:15:22.070Z"),
        ("2026-11-24 03:15:22", "2026-11-24T03:15:22Z"),
        ("2026-11-24T03:15:22", "2026-11-24T03:15:22Z"),
        ("2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z"),
    ])
    func validForms(text: String, expected: String) {
        var parser = TimestampParser(zone: .utc)
        #expect(parser.instant(text)?.description == expected)
    }

    @Test(arguments: [
        "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T23:60:00Z",
        "2026-11-24T23:00:60Z", "2026-11-24", "2026-11-24T03:15Z", "2026/11/24T03:15:22Z",
        "2026-11-24T03:15:22.Z", "2026-11-24T03:15:22+8:00", "2026-11-24T03:15:22+08:00x",
        "2026-11-24X03:15:22Z", "2025-02-29 10:00:00", "", "garbage",
    ])
    func invalidForms(text: String) {
        var parser = TimestampParser(zone: .utc)
        #expect(parser.instant(text) == nil)
    }

    @Test func memoizedPrefixDoesNotLeakAcrossSuffixes() {
        var parser = TimestampParser(zone: ZoneRules(identifier: "Asia/Shanghai")!)
        #expect(parser.instant("2026-11-24T03:15:22Z")?.description == "2026-11-24T03:15:22Z")
        #expect(parser.instant("2026-11-24T03:16:00+08:00")?.description == "2026-11-23T19:16:00Z")
        #expect(parser.instant("2026-11-24T03:17:00")?.description == "2026-11-23T19:17:00Z")
        #expect(parser.instant("2026-11-24T03:18:00Z")?.description == "2026-11-24T03:18:00Z")
    }

    // The memo keeps four hours; one parser fed a long mix of styles, hours, days and zones must agree
    // with a fresh parser for every timestamp, in both directions of a daylight-saving change.
    @Test func memoizedHoursAgreeWithAFreshParser() {
        let zone = ZoneRules(identifier: "America/New_York")!
        var shared = TimestampParser(zone: zone)
        let suffixes = ["Z", "+08:00", "-0500", "", ".250Z"]
        let dates = ["2026-03-08", "2026-11-01", "2026-11-24", "2026-12-31"]
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let r = Int(state >> 33)
            let text = "\(dates[r % 4])\(r % 3 == 0 ? " " : "T")\(pad(r / 4 % 24, 2)):\(pad(r / 7 % 60, 2)):"
                + "\(pad(r / 11 % 60, 2))\(suffixes[r / 13 % suffixes.count])"
            var fresh = TimestampParser(zone: zone)
            let expected = fresh.instant(text)
            #expect(shared.instant(text) == expected, "\(text)")
            if shared.instant(text) != expected { break }
        }
    }

    @Test func newYorkDaylightSavingGapAndOverlap() {
        let zone = ZoneRules(identifier: "America/New_York")!
        var parser = TimestampParser(zone: zone)
        // Gap: 02:30 does not exist on 2026-03-08; read with the offset before the jump (EST) → 07:30Z.
        #expect(parser.instant("2026-03-08 02:30:00")?.description == "2026-03-08T07:30:00Z")
        #expect(parser.instant("2026-03-08 02:30:00") == zone.instant(of: CivilDateTime(
            date: LocalDate(year: 2026, month: 3, day: 8)!, millisecondOfDay: 9_000_000)))
        #expect(parser.instant("2026-03-08 01:59:59")?.description == "2026-03-08T06:59:59Z")
        #expect(parser.instant("2026-03-08 03:00:00")?.description == "2026-03-08T07:00:00Z")
        // Overlap: 01:30 on 2026-11-01 happens twice; the first (EDT) is taken → 05:30Z.
        #expect(parser.instant("2026-11-01 01:30:00")?.description == "2026-11-01T05:30:00Z")
        #expect(parser.instant("2026-11-01 02:30:00")?.description == "2026-11-01T07:30:00Z")
        // Local dates across the change.
        #expect(parser.localDate(of: Helpers.instant("2026-11-01T03:59:59Z")).description == "2026-10-31")
        #expect(parser.localDate(of: Helpers.instant("2026-11-01T04:00:00Z")).description == "2026-11-01")
        #expect(parser.localDate(of: Helpers.instant("2026-11-02T04:59:59Z")).description == "2026-11-01")
        #expect(parser.localDate(of: Helpers.instant("2026-11-02T05:00:00Z")).description == "2026-11-02")
    }

    @Test func shanghaiNaiveAndDates() {
        var parser = TimestampParser(zone: ZoneRules(identifier: "Asia/Shanghai")!)
        #expect(parser.instant("2026-11-24 00:00:00")?.description == "2026-11-23T16:00:00Z")
        #expect(parser.date("2026-11-24")?.description == "2026-11-24")
        #expect(parser.date("2026-11-23T16:00:00Z")?.description == "2026-11-24")
        #expect(parser.date("2026-11-23T15:59:59.999Z")?.description == "2026-11-23")
        #expect(parser.date("2026-11-24 23:59:59")?.description == "2026-11-24")
        #expect(parser.date("2026-02-30") == nil)
        #expect(parser.date("2026-11-24x") == nil)
    }
}
