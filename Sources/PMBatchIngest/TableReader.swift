import PMBatchCore

/// Reads the small input files (assets, components, engineers, parts, failures, work orders and
/// work-order events) into Core `InputRecord`s, quarantining bad rows (SPEC §1).
///
/// Values are trimmed of surrounding spaces. A row is quarantined for: a field count different from
/// the header's, an empty required value, a bad timestamp or date, a bad number (`stock_on_hand`,
/// `lead_time_days`, `daily_capacity`, `unit_cost`), or an asset missing from `knownAssets`
/// (components, failures; work orders only when `asset_id` is given).
public enum TableReader {
    /// Reads `path` as `kind`, calling `onRecord` for each good row (with its line) and `onQuarantine`
    /// for each bad one. Returns the number of data rows read and of rows quarantined, and the file's
    /// content hash (`FileHasher.contentHash`, computed while reading).
    @discardableResult
    public static func read(path: String, displayName: String, kind: FileKind, context: ReadContext,
                            chunkSize: Int = ByteSources.defaultChunkSize,
                            onRecord: (_ line: Int, InputRecord) -> Void,
                            onQuarantine: (QuarantinedRow) -> Void) throws(IngestError)
        -> (rows: Int, quarantined: Int, contentHash: String)
    {
        let source = try ByteSources.open(path: path, displayName: displayName, chunkSize: chunkSize,
                                          background: false)
        let parser = CSVParser(displayName: displayName)
        return try withoutActuallyEscaping(onRecord) { (onRecord) throws(IngestError) in
            try withoutActuallyEscaping(onQuarantine) { (onQuarantine) throws(IngestError) in
                var sink = TableSink(kind: kind, context: context, displayName: displayName,
                                     onRecord: onRecord, onQuarantine: onQuarantine)
                while let chunk = try source.nextChunk() {
                    try parser.consume(chunk, into: &sink)
                }
                try parser.finish(into: &sink)
                if sink.binding == nil { throw .noHeader(file: displayName) }
                return (sink.rows, sink.quarantined, source.contentHash)
            }
        }
    }
}

/// Turns CSV records into `InputRecord`s for `TableReader`.
struct TableSink: CSVRecordSink {
    let kind: FileKind
    let context: ReadContext
    let displayName: String
    let onRecord: (Int, InputRecord) -> Void
    let onQuarantine: (QuarantinedRow) -> Void
    var binding: ColumnBinding?
    var timestamps: TimestampParser
    var rows = 0
    var quarantined = 0

    init(kind: FileKind, context: ReadContext, displayName: String, onRecord: @escaping (Int, InputRecord) -> Void,
         onQuarantine: @escaping (QuarantinedRow) -> Void) {
        self.kind = kind
        self.context = context
        self.displayName = displayName
        self.onRecord = onRecord
        self.onQuarantine = onQuarantine
        timestamps = TimestampParser(zone: context.zone)
    }

    /// A bad value in one field of a row.
    struct BadField: Error {
        var field: String
        var reason: QuarantineReason
        var detail: String
    }

    var expectedFieldCount: Int { binding?.fieldCount ?? 0 }

    mutating func rejected(line: Int, field: Int?, reason: QuarantineReason, detail: String, raw: String) {
        rows += 1
        quarantined += 1
        let column = field.flatMap { binding?.column(at: $0) } ?? ""
        onQuarantine(QuarantinedRow(file: displayName, line: line, field: column, reason: reason, detail: detail,
                                    raw: raw))
    }

    mutating func record(_ record: CSVRecord) throws(IngestError) {
        guard let binding else {
            let names = record.fields.map { $0.trimmed.string }
            binding = try ColumnBinding(names: names, kind: kind, columns: context.columns, displayName: displayName)
            return
        }
        rows += 1
        guard record.count == binding.fieldCount else {
            quarantine(record, BadField(field: "", reason: .wrongColumnCount,
                                        detail: "expected \(binding.fieldCount) fields, found \(record.count)"))
            return
        }
        var row = Row(record: record, binding: binding)
        do {
            let input = try convert(&row)
            onRecord(record.line, input)
        } catch {
            quarantine(record, error)
        }
    }

    private mutating func quarantine(_ record: CSVRecord, _ bad: BadField) {
        quarantined += 1
        onQuarantine(QuarantinedRow(file: displayName, line: record.line, field: bad.field, reason: bad.reason,
                                    detail: bad.detail, raw: ByteField.rawText(record.raw)))
    }

    /// Field access by pmbatch column name.
    struct Row {
        let record: CSVRecord
        let binding: ColumnBinding

        func text(_ column: String) -> String {
            guard let i = binding.position(of: column) else { return "" }
            return record[i].trimmed.string
        }

        func required(_ column: String) throws(BadField) -> String {
            let value = text(column)
            if value.isEmpty {
                throw BadField(field: column, reason: .missingField, detail: "required column '\(column)' is empty")
            }
            return value
        }
    }

    private mutating func instant(_ row: Row, _ column: String) throws(BadField) -> Instant {
        let value = try row.required(column)
        guard let t = timestamps.instant(value) else {
            throw BadField(field: column, reason: .badTimestamp, detail: "not a timestamp: '\(value)'")
        }
        return t
    }

    private mutating func date(_ row: Row, _ column: String, required: Bool) throws(BadField) -> LocalDate? {
        let value = required ? try row.required(column) : row.text(column)
        if value.isEmpty { return nil }
        guard let d = timestamps.date(value) else {
            throw BadField(field: column, reason: .badDate, detail: "not a date: '\(value)'")
        }
        return d
    }

    private func integer(_ row: Row, _ column: String, default fallback: Int) throws(BadField) -> Int {
        let value = row.text(column)
        if value.isEmpty { return fallback }
        if let n = Int(value) { return n }
        if let d = Double(value), d.isFinite, d == d.rounded(), abs(d) < 1e15 { return Int(d) }
        throw BadField(field: column, reason: .badNumber, detail: "not a whole number: '\(value)'")
    }

    private func decimal(_ row: Row, _ column: String) throws(BadField) -> Double? {
        let value = row.text(column)
        if value.isEmpty { return nil }
        guard let d = Double(value), d.isFinite else {
            throw BadField(field: column, reason: .badNumber, detail: "not a number: '\(value)'")
        }
        return d
    }

    private func checkAsset(_ assetID: String) throws(BadField) {
        if let known = context.knownAssets, !known.contains(assetID) {
            throw BadField(field: "asset_id", reason: .unknownAsset,
                           detail: "asset '\(assetID)' is not in the asset registry")
        }
    }

    private mutating func convert(_ row: inout Row) throws(BadField) -> InputRecord {
        for column in kind.requiredColumns { _ = try row.required(column) }
        switch kind {
        case .assets:
            return .asset(Asset(assetID: row.text("asset_id"), siteID: row.text("site_id"),
                                customerID: row.text("customer_id"), model: row.text("model"),
                                assetType: row.text("asset_type"), region: row.text("region"),
                                installedOn: try date(row, "installed_on", required: false)))
        case .components:
            let assetID = row.text("asset_id")
            let installed = try date(row, "installed_on", required: true)!
            try checkAsset(assetID)
            return .component(ComponentInstallation(
                assetID: assetID, slot: row.text("slot"), componentType: row.text("component_type"),
                installedOn: installed, partNumber: row.text("part_number"), batchCode: row.text("batch_code"),
                serial: row.text("serial")))
        case .engineers:
            let skills = row.text("skills").split(separator: ";").map { String($0).trimmingSpaces }
                .filter { !$0.isEmpty }
            return .engineer(Engineer(engineerID: row.text("engineer_id"), name: row.text("name"), skills: skills,
                                      region: row.text("region"),
                                      dailyCapacity: try integer(row, "daily_capacity", default: 12)))
        case .parts:
            return .part(Part(partNumber: row.text("part_number"), description: row.text("description"),
                              stockOnHand: try integer(row, "stock_on_hand", default: 0),
                              leadTimeDays: try integer(row, "lead_time_days", default: 0),
                              unitCost: try decimal(row, "unit_cost")))
        case .failures:
            let assetID = row.text("asset_id")
            let ts = try instant(row, "ts")
            try checkAsset(assetID)
            return .failure(Failure(assetID: assetID, ts: ts, slot: row.text("slot"),
                                    faultCode: row.text("fault_code")))
        case .workOrders:
            let created = try instant(row, "created_at")
            let header = header(row, createdAt: created)
            if !header.assetID.isEmpty { try checkAsset(header.assetID) }
            return .workOrder(header)
        case .workOrderEvents:
            let ts = try instant(row, "ts")
            let event = WorkOrderEvent(woID: row.text("wo_id"), ts: ts, rawStatus: row.text("status"),
                                       actor: row.text("actor"), evidence: row.text("evidence"),
                                       note: row.text("note"))
            return .event(event, header: header(row, createdAt: ts))
        case .telemetry:
            throw BadField(field: "", reason: .badJSON, detail: "telemetry is read by TelemetryReader")
        }
    }

    private func header(_ row: Row, createdAt: Instant) -> WorkOrderHeader {
        WorkOrderHeader(woID: row.text("wo_id"), createdAt: createdAt, assetID: row.text("asset_id"),
                        customerID: row.text("customer_id"), channel: row.text("channel"),
                        faultCode: row.text("fault_code"), kind: row.text("kind"), priority: row.text("priority"),
                        engineerID: row.text("engineer_id"), description: row.text("description"))
    }
}
