import Foundation
import Testing
import PMBatchCore
@testable import PMBatchIngest

/// The CSV fast path (`CSVSimpleLines`, `TelemetryAccumulator.Tally.takeSimpleRows`) must agree with the
/// general parser on every input: it takes plain records and leaves everything else to it.
@Suite struct CSVFastPathTests {
    @Test func candidatesFlagExactlyTheBytesBelowDashOrAboveASCII() {
        for byte in 0...255 {
            for position in 0..<8 {
                var bytes = [UInt8](repeating: UInt8(ascii: "A"), count: 8)
                bytes[position] = UInt8(byte)
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let expected: UInt64 = byte < 0x2D || byte >= 0x80 ? 0x80 << UInt64(position * 8) : 0
                #expect(CSVSimpleLines.candidates(word) == expected, "byte \(byte) at \(position)")
            }
        }
    }

    @Test func equalFlagsExactlyTheGivenByte() {
        for target: UInt8 in [0x00, 0x0A, 0x2C, 0x80, 0xFF] {
            for byte in 0...255 {
                for position in [0, 3, 7] {
                    var bytes = [UInt8](repeating: target &+ 1, count: 8)
                    bytes[position] = UInt8(byte)
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    let expected: UInt64 = UInt8(byte) == target ? 0x80 << UInt64(position * 8) : 0
                    #expect(CSVSimpleLines.equal(word, target) == expected, "byte \(byte) at \(position)")
                }
            }
        }
    }

    /// Splits `text` once from its start with 4 expected fields; the LF offset or nil, and the bounds.
    static func split(_ text: String, fieldCount: Int = 4) -> (lf: Int?, fields: [String]) {
        let bytes = Array(text.utf8) + [UInt8](repeating: 0x41, count: 8)
        let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 2 * fieldCount)
        defer { bounds.deallocate() }
        return bytes.withUnsafeBufferPointer { b in
            guard let lf = CSVSimpleLines.split(b.baseAddress!, from: 0, to: b.count, fieldCount: fieldCount,
                                                longest: 1 << 20, bounds: bounds) else { return (nil, []) }
            let fields = (0..<fieldCount).map { k in
                String(decoding: b[bounds[2 * k]..<bounds[2 * k + 1]], as: UTF8.self)
            }
            return (lf, fields)
        }
    }

    @Test func splitTakesPlainRecordsOnly() {
        #expect(Self.split("2026-11-24T01:00:00Z,EL-1,door_reopen,80.2\nnext").fields
                == ["2026-11-24T01:00:00Z", "EL-1", "door_reopen", "80.2"])
        #expect(Self.split("a,b,c,\n").fields == ["a", "b", "c", ""])
        #expect(Self.split(" a , b+1 ,!c,#\n").fields == [" a ", " b+1 ", "!c", "#"])
        #expect(Self.split("2026-11-24 01:00:00,EL-1,c,1\n").lf == 28)
        // Left to the general parser:
        #expect(Self.split("\"a\",b,c,d\n").lf == nil)           // a quote
        #expect(Self.split("a,b,c,d\r\n").lf == nil)             // CRLF
        #expect(Self.split("a,b,c\n").lf == nil)                 // too few fields
        #expect(Self.split("a,b,c,d,e\n").lf == nil)             // too many
        #expect(Self.split("\n").lf == nil)                      // blank line
        #expect(Self.split("a,\u{e9},c,d\n").lf == nil)          // non-ASCII
        #expect(Self.split("a,b\u{0},c,d\n").lf == nil)          // NUL
        #expect(Self.split("a,b,c,d").lf == nil)                 // no LF before the end
    }

    // A record of 27 bytes with its LF: the general parser takes it up to a limit of 27, not 26.
    @Test func splitRespectsTheLongestRecord() throws {
        let line = "a,b,c,dddddddddddddddddddd\n"
        let bytes = Array(line.utf8) + [UInt8](repeating: 0x41, count: 8)
        let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 8)
        defer { bounds.deallocate() }
        bytes.withUnsafeBufferPointer { b in
            #expect(CSVSimpleLines.split(b.baseAddress!, from: 0, to: b.count, fieldCount: 4, longest: 27,
                                         bounds: bounds) == 26)
            #expect(CSVSimpleLines.split(b.baseAddress!, from: 0, to: b.count, fieldCount: 4, longest: 26,
                                         bounds: bounds) == nil)
        }
        #expect(try CSVParser.parse("h\n" + line, maxRecordBytes: 27).rejected.isEmpty)
        #expect(try CSVParser.parse("h\n" + line, maxRecordBytes: 26).rejected.count == 1)
    }

    /// A deterministic mix of plain records and every kind the fast path must leave alone.
    static func corpus(seed: UInt64, rows: Int, tsFirst: Bool) -> String {
        var state = seed
        func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        let stamps = ["2026-11-24T01:02:03Z", "2026-11-24 09:02:03", "2026-11-24T01:02:03.5Z",
                      "2026-11-24T09:02:03+08:00", "2026-11-23T23:59:59Z", "2026-11-24T16:00:00Z"]
        let assets = ["EL-1", "EL-2", "MD-0000000000000000000042", "EL-9"]   // EL-9 is not registered
        let codes = ["door_reopen", "overspeed", "c"]
        var text = tsFirst ? "ts,asset_id,code,value\n" : "code,value,ts,asset_id,site\n"
        var last = ""
        for _ in 0..<rows {
            var ts = stamps[next(stamps.count)], asset = assets[next(assets.count)], code = codes[next(3)]
            var value = ["1.5", "", "80", "-0", "1e3"][next(5)]
            var end = "\n"
            switch next(40) {
            case 0: ts = "2026-13-01T00:00:00Z"                  // bad timestamp
            case 1: value = "abc"                                // bad number
            case 2: asset = ""                                   // missing field
            case 3: asset = "\"\(asset)\""                       // quoted
            case 4: asset = "\"EL,1\""                           // quoted comma (an unknown asset)
            case 5: end = "\r\n"                                 // CRLF
            case 6: asset = " \(asset) "                         // spaces around
            case 7: text += "\n"                                 // a blank line before
            case 8: code = "\"multi\nline\""                     // embedded newline
            case 9: asset = "EL-\u{e9}"                          // non-ASCII
            case 10: value += ",extra"                           // one field too many
            case 11: ts = " \(ts)"                               // space before the ts
            case 12: if !last.isEmpty { text += last; continue } // an exact duplicate
            default: break
            }
            let line = tsFirst ? "\(ts),\(asset),\(code),\(value)\(end)"
                : "\(code),\(value),\(ts),\(asset),x\(end)"
            text += line
            last = line
        }
        return text
    }

    @Test(arguments: [true, false])
    func fastAndGeneralPathsAgree(tsFirst: Bool) throws {
        let text = Self.corpus(seed: tsFirst ? 7 : 11, rows: 20_000, tsFirst: tsFirst)
        let path = try Helpers.file(text, name: "t.csv")
        let context = ReadContext(zone: ZoneRules(identifier: "Asia/Shanghai")!,
                                  knownAssets: ["EL-1", "EL-2", "MD-0000000000000000000042"])
        let general = try TelemetryReader.read(path: path, displayName: "t.csv", context: context, fastPath: false)
        #expect(general.rowsCounted > 10_000)
        #expect(general.quarantined > 1_000)
        #expect(general.duplicatesSkipped > 100)
        for chunkSize in [7, 64, 1000, 1 << 20] {
            let fast = try TelemetryReader.read(path: path, displayName: "t.csv", context: context,
                                                chunkSize: chunkSize)
            #expect(fast.rowsRead == general.rowsRead, "chunk \(chunkSize)")
            #expect(fast.rowsCounted == general.rowsCounted, "chunk \(chunkSize)")
            #expect(fast.duplicatesSkipped == general.duplicatesSkipped, "chunk \(chunkSize)")
            #expect(fast.quarantinedByReason == general.quarantinedByReason, "chunk \(chunkSize)")
            #expect(fast.quarantineSamples == general.quarantineSamples, "chunk \(chunkSize)")
            #expect(fast.counts == general.counts, "chunk \(chunkSize)")
        }
    }
}

/// Numbers as telemetry values and registry fields give them.
@Suite struct NumberParserTests {
    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { b in NumberParser.double(ByteField(start: b.baseAddress, count: b.count)) }
    }

    @Test func examples() {
        #expect(Self.parse("80.2") == 80.2)
        #expect(Self.parse("-3") == -3)
        #expect(Self.parse("+7.25") == 7.25)
        #expect(Self.parse(".5") == 0.5)
        #expect(Self.parse("5.") == 5)
        #expect(Self.parse("12345678") == 12_345_678)
        #expect(Self.parse("1234.5678") == 1234.5678)
        #expect(Self.parse("0.000001") == 0.000001)
        #expect(Self.parse("1e3") == 1000)
        #expect(Self.parse("-0")?.sign == .minus)
        for bad in [".", "-", "+", "1.2.3", "1,5", "12a", " 1", "nan", "inf", "--1", ""] {
            #expect(Self.parse(bad) == nil, "\(bad)")
        }
    }
}
