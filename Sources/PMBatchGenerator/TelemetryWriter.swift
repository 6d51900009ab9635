import PMBatchCore

/// What the telemetry writer produced.
struct TelemetryStats: Sendable {
    var files = 0
    var rows: Int64 = 0
    var duplicateRows: Int64 = 0
    var rawBytes: Int64 = 0
    var compressedBytes: Int64 = 0
    /// Rows per (asset index, code index) per local day are not kept; only these totals.
    mutating func add(_ other: TelemetryStats) {
        files += other.files
        rows += other.rows
        duplicateRows += other.duplicateRows
        rawBytes += other.rawBytes
        compressedBytes += other.compressedBytes
    }
}

/// Writes the telemetry dumps of one day: rows sorted by timestamp, formatted into a reused
/// byte buffer (no `String` per row), streamed through zstd.
///
/// Rows are produced one time slice at a time: for each asset a Poisson count of background
/// alerts (scaled by `--alerts-per-asset-day`) and of fault-precursor alerts (a small base rate
/// plus active build-ups), each packed into a `UInt64` sort key
/// `second-of-day (17 bits) | asset (24) | code (7) | salt (16)`; the slice's keys are sorted and
/// formatted. The value, the rare exact duplicate and the timestamp style all derive from the key.
struct TelemetryWriter {
    /// Daily rate of each precursor code on an asset without a build-up.
    static let precursorBaseRate = 0.04

    private let fleet: Fleet
    private let options: GeneratorOptions
    private var idBytes: [UInt8] = []
    private var idOffsets: [Int] = []
    private var codeBytes: [UInt8] = []
    private var codeOffsets: [Int] = []
    /// Per kind: 256 code indices laid out by weight, so one random byte picks a background code.
    private var noiseTables: [[UInt8]] = []
    private var precursorCodes: [[Int]] = []
    private var valueLow: [Int] = []
    private var valueCount: [Int] = []

    init(fleet: Fleet) {
        self.fleet = fleet
        self.options = fleet.options
        for asset in fleet.assets {
            idOffsets.append(idBytes.count)
            idBytes.append(contentsOf: Array(asset.id.utf8))
        }
        idOffsets.append(idBytes.count)
        for spec in fleet.codes.specs {
            codeOffsets.append(codeBytes.count)
            codeBytes.append(contentsOf: Array(spec.code.utf8))
            valueLow.append(spec.valueTenths?.lowerBound ?? 0)
            valueCount.append(spec.valueTenths?.count ?? 0)
        }
        codeOffsets.append(codeBytes.count)
        for kind in AssetKind.allCases {
            let total = kind.noiseCodes.reduce(0) { $0 + $1.weight }
            var table: [UInt8] = []
            var cumulative = 0
            for (code, weight) in kind.noiseCodes {
                cumulative += weight
                let upTo = cumulative * 256 / total
                while table.count < upTo { table.append(UInt8(fleet.codes.index(of: code))) }
            }
            noiseTables.append(table)
            precursorCodes.append(kind.precursors.map { fleet.codes.index(of: $0.code) })
        }
    }

    /// The format of day number `dayIndex` (0 = first day).
    func format(dayIndex: Int) -> TelemetryFormat {
        switch options.telemetryFormat {
        case .csv: .csv
        case .jsonl: .jsonl
        case .mixed: dayIndex % 3 == 2 ? .jsonl : .csv
        }
    }

    /// The file name of dump `file` of a day.
    func fileName(file: Int, format: TelemetryFormat) -> String {
        let ext = format == .jsonl ? ".jsonl.zst" : ".csv.zst"
        let k = options.telemetryFilesPerDay
        return k == 1 ? "iot-alerts" + ext : "iot-alerts-" + pad(file + 1, 3) + "-of-" + pad(k, 3) + ext
    }

    /// Writes every dump of `day` into `directory`.
    func writeDay(_ day: LocalDate, dayIndex: Int, directory: String) throws(GeneratorError) -> TelemetryStats {
        let assetCount = fleet.assets.count
        var extra = [[(code: Int, rate: Double)]](repeating: [], count: assetCount)
        for buildUp in fleet.buildUps {
            let rate = buildUp.rate(on: day)
            if rate > 0 { extra[buildUp.asset].append((buildUp.code, rate)) }
        }
        let weekday = (Int(day.dayNumber) % 7 + 10) % 7  // 0 = Monday (1970-01-01 was a Thursday)
        let dayFactor = weekday >= 5 ? 0.8 : 1.05
        let format = format(dayIndex: dayIndex)
        var stats = TelemetryStats()
        for file in 0..<options.telemetryFilesPerDay {
            var rng = FleetRandom(seed: options.seed,
                                  stream: UInt64(UInt32(bitPattern: day.dayNumber)) << 16 | UInt64(file) | 1 << 60)
            // Daily rates per asset of this file.
            var members: [Int] = []
            var noiseRate: [Double] = []
            var precursorEntries: [(asset: Int, code: Int, rate: Double)] = []
            var expected = 0.0
            var a = file
            while a < assetCount {
                let asset = fleet.assets[a]
                let rate = options.alertsPerAssetDay * asset.noiseFactor * dayFactor * rng.double(in: 0.8...1.2)
                members.append(a)
                noiseRate.append(rate)
                expected += rate
                for code in precursorCodes[asset.kind.rawValue] {
                    var r = TelemetryWriter.precursorBaseRate
                    for e in extra[a] where e.code == code { r += e.rate }
                    precursorEntries.append((a, code, r))
                    expected += r
                }
                a += options.telemetryFilesPerDay
            }
            let sliceSeconds = TelemetryWriter.sliceSeconds(expectedRows: expected)
            let slices = 86_400 / sliceSeconds
            let noiseLambda = noiseRate.map { $0 / Double(slices) }
            let noiseExp = noiseLambda.map { $0 <= 30 ? DeterministicMath.exp(-$0) : 0 }
            let precursorLambda = precursorEntries.map { $0.rate / Double(slices) }
            let precursorExp = precursorLambda.map { DeterministicMath.exp(-$0) }

            let path = directory + "/" + fileName(file: file, format: format)
            let out = try DumpFile(path: path, zstdLevel: options.compressionLevel)
            if format == .csv { try out.write("ts,asset_id,code,value\n") }
            var keys: [UInt64] = []
            keys.reserveCapacity(Int(expected / Double(slices) * 1.2) + 64)
            var fileStats = TelemetryStats()
            let daySalt = FleetRandom.mix(options.seed ^ UInt64(UInt32(bitPattern: day.dayNumber)))
            for slice in 0..<slices {
                keys.removeAll(keepingCapacity: true)
                let base = UInt64(slice * sliceSeconds)
                for (m, asset) in members.enumerated() {
                    let lambda = noiseLambda[m]
                    let n = lambda <= 30 ? rng.poisson(lambda, expMinusLambda: noiseExp[m]) : rng.poisson(lambda)
                    if n == 0 { continue }
                    let table = noiseTables[fleet.assets[asset].kind.rawValue]
                    for _ in 0..<n {
                        let r = rng.next()
                        let second = base + (r >> 32) % UInt64(sliceSeconds)
                        let code = UInt64(table[Int(r & 255)])
                        keys.append(second << 47 | UInt64(asset) << 23 | code << 16 | (r >> 8) & 0xFFFF)
                    }
                }
                for (p, entry) in precursorEntries.enumerated() {
                    let n = rng.poisson(precursorLambda[p], expMinusLambda: precursorExp[p])
                    for _ in 0..<n {
                        let r = rng.next()
                        let second = base + (r >> 32) % UInt64(sliceSeconds)
                        keys.append(second << 47 | UInt64(entry.asset) << 23 | UInt64(entry.code) << 16 | r & 0xFFFF)
                    }
                }
                keys.sort()
                try emit(keys, day: day, daySalt: daySalt, format: format, into: out, stats: &fileStats)
            }
            fileStats.compressedBytes = try out.close()
            fileStats.rawBytes = out.rawBytes
            fileStats.files = 1
            stats.add(fileStats)
        }
        return stats
    }

    /// Slice length so a slice holds at most about 250,000 rows (a divisor of a day).
    static func sliceSeconds(expectedRows: Double) -> Int {
        let choices = [86_400, 43_200, 21_600, 10_800, 7_200, 3_600, 1_800, 900, 600, 300, 120, 60]
        for seconds in choices where expectedRows * Double(seconds) / 86_400 <= 250_000 { return seconds }
        return 60
    }

    private func emit(_ keys: [UInt64], day: LocalDate, daySalt: UInt64, format: TelemetryFormat,
                      into out: DumpFile, stats: inout TelemetryStats) throws(GeneratorError) {
        let localDate = Array(day.description.utf8)
        let previousDate = Array(day.adding(days: -1).description.utf8)
        let jsonl = format == .jsonl
        try idBytes.withUnsafeBufferPointer { (ids) throws(GeneratorError) in
            try codeBytes.withUnsafeBufferPointer { (codes) throws(GeneratorError) in
                try localDate.withUnsafeBufferPointer { (local) throws(GeneratorError) in
                    try previousDate.withUnsafeBufferPointer { (previous) throws(GeneratorError) in
                        for key in keys {
                            let second = Int(key >> 47)
                            let asset = Int(key >> 23 & 0xFF_FFFF)
                            let code = Int(key >> 16 & 0x7F)
                            let h = FleetRandom.mix(key ^ daySalt)
                            let copies = (h >> 48) & 0xFFF == 0 ? 2 : 1
                            if copies == 2 { stats.duplicateRows += 1 }
                            for _ in 0..<copies {
                                try out.reserve(256)
                                if jsonl { out.put(ascii: "{\"ts\":\"") }
                                // Timestamp: local day second → `Z` (most gateways) or `+08:00`.
                                if fleet.assets[asset].localOffsetTimestamps {
                                    out.put(local.baseAddress!, 10)
                                    out.putClock(second)
                                    out.put(ascii: "+08:00")
                                } else {
                                    let utc = second - 28_800
                                    if utc < 0 {
                                        out.put(previous.baseAddress!, 10)
                                        out.putClock(utc + 86_400)
                                    } else {
                                        out.put(local.baseAddress!, 10)
                                        out.putClock(utc)
                                    }
                                    out.put(UInt8(ascii: "Z"))
                                }
                                out.put(ascii: jsonl ? "\",\"asset_id\":\"" : ",")
                                out.put(ids.baseAddress! + idOffsets[asset], idOffsets[asset + 1] - idOffsets[asset])
                                out.put(ascii: jsonl ? "\",\"code\":\"" : ",")
                                out.put(codes.baseAddress! + codeOffsets[code], codeOffsets[code + 1] - codeOffsets[code])
                                out.put(ascii: jsonl ? "\",\"value\":" : ",")
                                let spread = valueCount[code]
                                if spread > 0, h & 31 != 0 {
                                    let tenths = valueLow[code] + Int((h >> 8) % UInt64(spread))
                                    out.putInt(tenths / 10)
                                    out.put(UInt8(ascii: "."))
                                    out.put(UInt8(truncatingIfNeeded: 48 + tenths % 10))
                                } else if jsonl {
                                    out.put(ascii: "null")
                                }
                                if jsonl { out.put(UInt8(ascii: "}")) }
                                out.put(UInt8(ascii: "\n"))
                            }
                            stats.rows += Int64(copies)
                        }
                    }
                }
            }
        }
    }
}

extension DumpFile {
    /// Appends `THH:MM:SS` for a second of the day; the caller reserved room.
    @inline(__always)
    func putClock(_ second: Int) {
        put(UInt8(ascii: "T"))
        putDigits(second / 3600, width: 2)
        put(UInt8(ascii: ":"))
        putDigits(second / 60 % 60, width: 2)
        put(UInt8(ascii: ":"))
        putDigits(second % 60, width: 2)
    }

    /// Appends a static ASCII string; the caller reserved room.
    @inline(__always)
    func put(ascii text: StaticString) {
        put(text.utf8Start, text.utf8CodeUnitCount)
    }
}
