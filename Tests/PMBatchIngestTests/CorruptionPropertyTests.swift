import Foundation
import PMBatchCore
import Testing
@testable import PMBatchIngest

/// "One broken row never costs another" (SPEC §1), as a property: a single corrupted byte in a valid file
/// of any input kind costs at most the lines it touches.
///
/// A case takes a valid file (20 data rows, quoted fields with commas and `""` escapes where the kind has
/// text), picks a data byte at random and either inserts a byte before it or replaces it with one of: a
/// quote, a comma, an LF, a NUL, an invalid UTF-8 byte (0xFF). The header is never corrupted (a broken
/// header may legitimately change how every row is read). The file is read in chunks of a random size.
///
/// Touched lines: the physical line holding the corrupted byte; when an LF is replaced, also the line
/// after it (the two are merged); when an LF is inserted, both halves of the line split. Every other line
/// must be read exactly as in the valid file (same record, at its line number shifted by the LF added or
/// removed), and every record or quarantined row of the corrupted file must come from an untouched line or
/// lie on a touched one.
@Suite("A single corrupted byte costs only the lines it touches")
struct CorruptionPropertyTests {
    enum Input: String, CaseIterable, CustomTestStringConvertible {
        case assets, components, engineers, parts, failures, workOrders, workOrderEvents, telemetryCSV, telemetryJSONL
        var testDescription: String { rawValue }
    }

    static let casesPerInput = 40
    static let corruptions: [UInt8] = [0x22, 0x2C, 0x0A, 0x00, 0xFF]
    static let chunkSizes = [1, 2, 3, 7, 16, 64, 4096]

    @Test(arguments: Input.allCases)
    func corruptionCostsOnlyTheTouchedLines(input: Input) throws {
        let valid = Array(Self.validFile(input).utf8)
        let dir = try Helpers.scratch()
        let reference = try Self.read(valid, input: input, chunkSize: 4096, dir: dir, name: "valid")
        #expect(reference.records.count == 20 && reference.quarantined.isEmpty, "the valid \(input) file reads clean")
        let headerEnd = valid.firstIndex(of: 0x0A)! + 1
        var rng = SplitMix64(seed: 0x5EED_0000 &+ UInt64(Input.allCases.firstIndex(of: input)!))
        for n in 0..<Self.casesPerInput {
            let position = headerEnd + Int(rng.next() % UInt64(valid.count - headerEnd))
            let byte = Self.corruptions[Int(rng.next() % UInt64(Self.corruptions.count))]
            let replace = rng.next() % 2 == 0
            let chunkSize = Self.chunkSizes[Int(rng.next() % UInt64(Self.chunkSizes.count))]
            var corrupted = valid
            if replace { corrupted[position] = byte } else { corrupted.insert(byte, at: position) }
            let change = Change(valid: valid, position: position, byte: byte, replace: replace)
            let label = "\(input) case \(n): \(replace ? "replace" : "insert") 0x\(String(byte, radix: 16)) at byte "
                + "\(position) (line \(change.line)), chunks of \(chunkSize)"
            let got = try Self.read(corrupted, input: input, chunkSize: chunkSize, dir: dir, name: "case-\(n)")
            var expected: [Int: Outcome.Record] = [:]
            for (line, record) in reference.records where !change.touchedBefore.contains(line) {
                expected[change.newLine(line)] = record
            }
            for (line, record) in expected {
                #expect(got.records[line] == record, "\(label): line \(line) lost or changed")
            }
            for line in got.records.keys where expected[line] == nil {
                #expect(change.touchedAfter.contains(line), "\(label): a record at untouched line \(line)")
            }
            for line in got.quarantined {
                #expect(change.touchedAfter.contains(line), "\(label): untouched line \(line) quarantined")
            }
        }
    }

    /// One corruption and the lines it touches.
    struct Change {
        /// The 1-based line of the corrupted byte in the valid file.
        let line: Int
        /// +1 when an LF was added, -1 when one was replaced by another byte.
        let shift: Int
        /// The touched lines, numbered as in the valid file and as in the corrupted one.
        let touchedBefore: Set<Int>
        let touchedAfter: Set<Int>

        init(valid: [UInt8], position: Int, byte: UInt8, replace: Bool) {
            line = 1 + valid[..<position].count { $0 == 0x0A }
            let removed = replace && valid[position] == 0x0A && byte != 0x0A
            let added = byte == 0x0A && !(replace && valid[position] == 0x0A)
            shift = (added ? 1 : 0) - (removed ? 1 : 0)
            touchedBefore = removed ? [line, line + 1] : [line]
            touchedAfter = added ? [line, line + 1] : [line]
        }

        /// The line number in the corrupted file of untouched line `old`.
        func newLine(_ old: Int) -> Int { old < line ? old : old + shift }
    }

    /// What a file read gave: records (for telemetry, one per count entry, keyed by a fake line: every
    /// valid row has its own asset and code, so an entry stands for one row) and quarantined lines.
    struct Outcome {
        enum Record: Hashable {
            case input(InputRecord)
            case count(TelemetryDayCount)
        }
        var records: [Int: Record] = [:]
        var quarantined: [Int] = []
    }

    static func read(_ bytes: [UInt8], input: Input, chunkSize: Int, dir: URL, name: String) throws -> Outcome {
        var outcome = Outcome()
        switch input {
        case .telemetryCSV, .telemetryJSONL:
            let path = try Helpers.file(Data(bytes), name: name + (input == .telemetryCSV ? ".csv" : ".jsonl"), in: dir)
            let summary = try TelemetryReader.read(path: path, displayName: name, context: ReadContext(),
                                                   chunkSize: chunkSize, background: false)
            for count in summary.counts {
                // Row i of the valid file counts asset A-i, code ci: its line is i + 1 (JSONL: i).
                guard count.assetID.hasPrefix("A-"), let i = Int(count.assetID.dropFirst(2)),
                      count.code == "c\(i)" else { continue }
                outcome.records[telemetryLine(row: i, input: input, in: bytes, original: count)] = .count(count)
            }
            outcome.quarantined = summary.quarantineSamples.map(\.line)
        default:
            let path = try Helpers.file(Data(bytes), name: name + ".csv", in: dir)
            var lines: [Int] = []
            try TableReader.read(path: path, displayName: name, kind: input.kind, context: ReadContext(),
                                 chunkSize: chunkSize,
                                 onRecord: { line, record in
                                     lines.append(line)
                                     outcome.records[line] = .input(record)
                                 },
                                 onQuarantine: { outcome.quarantined.append($0.line) })
            #expect(Set(lines).count == lines.count, "two records on one line")
        }
        return outcome
    }

    /// The line a telemetry row's count entry is filed under: the line that holds its asset ID in the file
    /// read (so a shifted line is found where it went).
    static func telemetryLine(row: Int, input: Input, in bytes: [UInt8], original: TelemetryDayCount) -> Int {
        let needle = Array((input == .telemetryCSV ? ",A-\(row)," : "\"A-\(row)\"").utf8)
        var line = 1
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == 0x0A { line += 1 }
            if bytes[i..<(i + needle.count)].elementsEqual(needle) { return line }
            i += 1
        }
        return -row
    }

    static func validFile(_ input: Input) -> String {
        let rows = 1...20
        func two(_ i: Int) -> String { i < 10 ? "0\(i)" : "\(i)" }
        switch input {
        case .assets:
            return "asset_id,site_id,customer_id,model,asset_type,region,installed_on\n"
                + rows.map { "EL-\(two($0)),S-\($0 % 3),\"Acme \($0), Inc.\",M-\($0),elevator,north,2020-01-\(two($0))\n" }
                .joined()
        case .components:
            return "asset_id,slot,component_type,installed_on,part_number,batch_code,serial\n"
                + rows.map { "EL-\(two($0)),door,\"door \"\"operator\"\" \($0)\",2021-03-\(two($0)),P-\($0),B-1,SN-\($0)\n" }
                .joined()
        case .engineers:
            return "engineer_id,name,skills,region,daily_capacity\n"
                + rows.map { "E-\(two($0)),\"Li, Wei \($0)\",\"door-system;brake\",north,\($0 + 4)\n" }.joined()
        case .parts:
            return "part_number,description,stock_on_hand,lead_time_days,unit_cost\n"
                + rows.map { "P-\(two($0)),\"Brake pad, \($0)\"\" wide\",\($0),10,12.5\n" }.joined()
        case .failures:
            return "asset_id,ts,slot,fault_code\n"
                + rows.map { "EL-\(two($0)),2026-11-\(two($0))T10:00:00Z,door,\"F,\($0)\"\n" }.joined()
        case .workOrders:
            return "wo_id,created_at,asset_id,customer_id,channel,fault_code,kind,priority,engineer_id,description\n"
                + rows.map {
                    "WO-\(two($0)),2026-11-\(two($0))T10:00:00Z,EL-\(two($0)),C-1,online,F1,corrective,normal,E-01,"
                        + "\"Door stuck \($0), \"\"alarm\"\" shown\"\n"
                }.joined()
        case .workOrderEvents:
            return "wo_id,ts,status,actor,evidence,note\n"
                + rows.map {
                    "WO-\(two($0)),2026-11-20T10:\(two($0)):00Z,acknowledged,E-01,\"photo-\($0).jpg\",\"called, no answer\"\n"
                }.joined()
        case .telemetryCSV:
            return "ts,asset_id,code,value\n"
                + rows.map { "2026-11-20T10:\(two($0)):00Z,A-\($0),c\($0),\($0).5\n" }.joined()
        case .telemetryJSONL:
            return "{\"ts\":\"2026-11-20T09:00:00Z\",\"asset_id\":\"B-0\",\"code\":\"header-like\"}\n"
                + rows.map {
                    "{\"ts\":\"2026-11-20T10:\(two($0)):00Z\",\"asset_id\":\"A-\($0)\",\"code\":\"c\($0)\",\"value\":\($0).5}\n"
                }.joined()
        }
    }
}

extension CorruptionPropertyTests.Input {
    var kind: FileKind {
        switch self {
        case .assets: .assets
        case .components: .components
        case .engineers: .engineers
        case .parts: .parts
        case .failures: .failures
        case .workOrders: .workOrders
        case .workOrderEvents: .workOrderEvents
        case .telemetryCSV, .telemetryJSONL: .telemetry
        }
    }
}

/// A small seeded generator (SplitMix64), so every run tries the same cases.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
