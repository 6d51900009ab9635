import PMBatchCore

/// Reduces telemetry rows to per (asset, code, local day) counts while streaming: interns asset IDs and
/// codes, parses timestamps with a memoized hour prefix, skips exact duplicates, quarantines bad rows.
final class TelemetryAccumulator {
    let displayName: String
    let sampleLimit: Int
    private let knownAssets: Set<String>?
    private var timestamps: TimestampParser
    private let assets = ByteInterner(capacity: 1 << 14)
    private let codes = ByteInterner(capacity: 1 << 8)
    private var assetKnown: [Bool] = []
    private let table = DayCountTable()
    private let duplicates = DuplicateFilter()
    var rowsRead = 0
    var rowsCounted = 0
    var duplicatesSkipped = 0
    var quarantineCounts = [Int](repeating: 0, count: QuarantineReason.allCases.count)
    var samples: [QuarantinedRow] = []

    private static let noValueBits: UInt64 = 0x7FF8_0000_DEAD_BEEF

    init(displayName: String, context: ReadContext, sampleLimit: Int) {
        self.displayName = displayName
        self.sampleLimit = sampleLimit
        knownAssets = context.knownAssets
        timestamps = TimestampParser(zone: context.zone)
    }

    /// Records a quarantined row; the text is made only for the first `sampleLimit`.
    func quarantine(line: Int, field: String, reason: QuarantineReason, detail: @autoclosure () -> String,
                    raw: @autoclosure () -> String) {
        quarantineCounts[QuarantineReason.allCases.firstIndex(of: reason)!] += 1
        if samples.count < sampleLimit {
            samples.append(QuarantinedRow(file: displayName, line: line, field: field, reason: reason,
                                          detail: detail(), raw: raw()))
        }
    }

    /// One data row; `value` nil when the file has no value there (absent or null).
    @inline(__always)
    func row(line: Int, ts tsField: ByteField, asset assetField: ByteField, code codeField: ByteField,
             value valueField: ByteField?, raw: UnsafeRawBufferPointer) {
        rowsRead += 1
        let ts = tsField.trimmed, asset = assetField.trimmed, code = codeField.trimmed
        if ts.isEmpty || asset.isEmpty || code.isEmpty {
            let field = ts.isEmpty ? "ts" : asset.isEmpty ? "asset_id" : "code"
            quarantine(line: line, field: field, reason: .missingField,
                       detail: "required column '\(field)' is empty", raw: ByteField.rawText(raw))
            return
        }
        guard let instant = timestamps.instant(ts.bytes) else {
            quarantine(line: line, field: "ts", reason: .badTimestamp, detail: "not a timestamp: '\(ts.string)'",
                       raw: ByteField.rawText(raw))
            return
        }
        var value: Double? = nil
        if let v = valueField?.trimmed, !v.isEmpty {
            guard let parsed = NumberParser.double(v) else {
                quarantine(line: line, field: "value", reason: .badNumber, detail: "not a number: '\(v.string)'",
                           raw: ByteField.rawText(raw))
                return
            }
            value = parsed
        }
        let (assetID, isNew) = assets.id(asset.start!, asset.count)
        if isNew {
            assetKnown.append(knownAssets.map { $0.contains(assets.strings[Int(assetID)]) } ?? true)
        }
        guard assetKnown[Int(assetID)] else {
            quarantine(line: line, field: "asset_id", reason: .unknownAsset,
                       detail: "asset '\(asset.string)' is not in the asset registry", raw: ByteField.rawText(raw))
            return
        }
        let codeID = codes.id(code.start!, code.count).id
        let bits = value.map { $0.bitPattern } ?? Self.noValueBits
        if duplicates.isDuplicate(ts: instant.milliseconds, asset: assetID, code: codeID, valueBits: bits) {
            duplicatesSkipped += 1
            return
        }
        let day = timestamps.localDate(of: instant)
        table.add(asset: assetID, code: codeID, day: day.dayNumber, value: value)
        rowsCounted += 1
    }

    /// The summary, aggregates sorted by (asset, code, day).
    func summary(format: TelemetrySummary.Format, compressed: Bool) -> TelemetrySummary {
        var counts = table.entries.map { e in
            TelemetryDayCount(assetID: assets.strings[Int(e.asset)], code: codes.strings[Int(e.code)],
                              day: LocalDate(dayNumber: e.day), count: e.count, valueCount: e.valueCount,
                              valueMin: e.valueMin, valueMax: e.valueMax, valueSum: e.valueSum)
        }
        counts.sort { ($0.assetID, $0.code, $0.day) < ($1.assetID, $1.code, $1.day) }
        var byReason: [QuarantineReason: Int] = [:]
        for (i, reason) in QuarantineReason.allCases.enumerated() where quarantineCounts[i] > 0 {
            byReason[reason] = quarantineCounts[i]
        }
        return TelemetrySummary(format: format, compressed: compressed, rowsRead: rowsRead, rowsCounted: rowsCounted,
                                duplicatesSkipped: duplicatesSkipped, quarantinedByReason: byReason,
                                quarantineSamples: samples, counts: counts)
    }
}
