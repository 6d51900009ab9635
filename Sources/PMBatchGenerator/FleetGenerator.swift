import Foundation
import PMBatchCore

/// What a generator run wrote.
public struct GenerationSummary: Sendable, Hashable {
    /// Rows of the registry files.
    public var assets = 0, components = 0, engineers = 0, parts = 0, failures = 0
    /// Work-order header rows (updates included) and event rows.
    public var workOrderRows = 0, workOrderEvents = 0
    /// Distinct work orders simulated (including those known only from events).
    public var workOrders = 0
    /// Telemetry dumps, rows (exact duplicates included), duplicate rows, bytes before and after zstd.
    public var telemetryFiles = 0
    public var telemetryRows: Int64 = 0
    public var telemetryDuplicateRows: Int64 = 0
    public var telemetryRawBytes: Int64 = 0
    public var telemetryCompressedBytes: Int64 = 0
}

/// Writes a deterministic synthetic fleet in the SPEC §1 layout: registries, `rules.toml`, and per
/// day the work-order, event and telemetry drops. Same options → identical bytes.
public struct FleetGenerator: Sendable {
    /// What to generate.
    public let options: GeneratorOptions

    /// A generator for `options`.
    public init(options: GeneratorOptions) { self.options = options }

    /// Writes the data set into `directory` (created if needed; existing files of the same names are replaced).
    /// `progress` receives one line per finished day.
    public func generate(into directory: String, progress: (String) -> Void = { _ in })
        throws(GeneratorError) -> GenerationSummary
    {
        if let problem = options.problem() { throw problem }
        let fleet = Fleet(options: options)
        var summary = GenerationSummary()
        try makeDirectory(directory)
        try writeRegistries(fleet, into: directory, summary: &summary)
        try writeFile(directory + "/rules.toml", RulesFile.text(options: options))

        let orders = WorkOrderSimulator(fleet: fleet).simulate()
        summary.workOrders = orders.count
        try writeWorkOrders(orders, fleet: fleet, into: directory, summary: &summary)

        let telemetry = TelemetryWriter(fleet: fleet)
        for dayIndex in 0..<options.days {
            let day = options.start.adding(days: dayIndex)
            let folder = directory + "/telemetry/" + day.description
            try makeDirectory(folder)
            let stats = try telemetry.writeDay(day, dayIndex: dayIndex, directory: folder)
            summary.telemetryFiles += stats.files
            summary.telemetryRows += stats.rows
            summary.telemetryDuplicateRows += stats.duplicateRows
            summary.telemetryRawBytes += stats.rawBytes
            summary.telemetryCompressedBytes += stats.compressedBytes
            progress("\(day): \(stats.rows) telemetry rows, \(stats.compressedBytes) bytes compressed")
        }
        return summary
    }

    // MARK: registries

    private func writeRegistries(_ fleet: Fleet, into directory: String, summary: inout GenerationSummary)
        throws(GeneratorError)
    {
        var assets = CSVText(header: ["asset_id", "site_id", "customer_id", "model", "asset_type", "region",
                                      "installed_on"])
        for a in fleet.assets {
            assets.append([a.id, fleet.sites[a.site].id, a.customerID, a.kind.models[a.model], a.kind.assetType,
                           a.region, a.installedOn.description])
        }
        try writeFile(directory + "/assets.csv", assets.text)
        summary.assets = fleet.assets.count

        var components = CSVText(header: ["asset_id", "slot", "component_type", "installed_on", "part_number",
                                          "batch_code", "serial"])
        for c in fleet.components {
            components.append([fleet.assets[c.asset].id, c.slot, c.componentType, c.installedOn.description,
                               c.partNumber, c.batchCode, c.serial])
        }
        try writeFile(directory + "/components.csv", components.text)
        summary.components = fleet.components.count

        var engineers = CSVText(header: ["engineer_id", "name", "skills", "region", "daily_capacity"])
        for e in fleet.engineers {
            engineers.append([e.id, e.name, e.skills.joined(separator: ";"), e.region, String(e.capacity)])
        }
        try writeFile(directory + "/engineers.csv", engineers.text)
        summary.engineers = fleet.engineers.count

        var parts = CSVText(header: ["part_number", "description", "stock_on_hand", "lead_time_days", "unit_cost"])
        var rng = FleetRandom(seed: options.seed, stream: 3)
        var catalogue: [(String, String)] = []
        for kind in AssetKind.allCases {
            for slot in kind.slots {
                for part in slot.partNumbers { catalogue.append((part, slot.componentType.replacingUnderscores)) }
            }
        }
        catalogue.sort { $0.0 < $1.0 }
        for (part, what) in catalogue {
            let cost = rng.int(in: 40...9000)
            parts.append([part, what + ", " + part, String(rng.int(in: 0...12)), String(rng.int(in: 3...45)),
                          String(cost) + "." + pad(rng.int(below: 100), 2)])
        }
        try writeFile(directory + "/parts.csv", parts.text)
        summary.parts = catalogue.count

        var failures = CSVText(header: ["asset_id", "ts", "slot", "fault_code"])
        for f in fleet.failures {
            failures.append([fleet.assets[f.asset].id, FleetClock.utcText(f.ts), f.slot, f.faultCode])
        }
        try writeFile(directory + "/failures.csv", failures.text)
        summary.failures = fleet.failures.count
    }

    // MARK: work orders

    private func writeWorkOrders(_ orders: [SimWorkOrder], fleet: Fleet, into directory: String,
                                 summary: inout GenerationSummary) throws(GeneratorError)
    {
        let start = options.start
        let headerColumns = ["wo_id", "created_at", "asset_id", "customer_id", "channel", "fault_code", "kind",
                             "priority", "engineer_id", "description"]
        let eventColumns = ["wo_id", "ts", "status", "actor", "evidence", "note", "asset_id", "customer_id",
                            "channel", "fault_code", "priority"]
        // Rows per drop day, in a fixed order: (ts, work-order order, sequence).
        var headers = [[(Int64, Int, [String])]](repeating: [], count: options.days)
        var events = [[(Int64, Int, Int, [String])]](repeating: [], count: options.days)
        func dayIndex(_ ts: Int64) -> Int? {
            let d = FleetClock.localDay(of: ts).days(since: start)
            return d >= 0 && d < options.days ? d : nil
        }
        for (n, order) in orders.enumerated() {
            let asset = fleet.assets[order.asset]
            if !order.eventsOnly, let d = dayIndex(order.createdAt) {
                headers[d].append((order.createdAt, n, headerRow(order, asset: asset, priority: order.priority)))
                if let update = order.update, let u = dayIndex(update.at), u > d {
                    var row = headerRow(order, asset: asset, priority: update.priority)
                    row[8] = update.engineerID
                    headers[u].append((update.at, n, row))
                }
            }
            for (k, event) in order.events.enumerated() {
                guard let d = dayIndex(event.ts) else { continue }
                var row = [order.id, FleetClock.localText(event.ts), event.status, event.actor, event.evidence,
                           event.note]
                row += order.eventsOnly
                    ? [asset.id, order.customerID, order.channel, order.faultCode, order.priority]
                    : ["", "", "", "", ""]
                events[d].append((event.ts, n, k, row))
            }
        }
        for d in 0..<options.days {
            let day = start.adding(days: d).description
            var headerFile = CSVText(header: headerColumns)
            for (_, _, row) in headers[d].sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) { headerFile.append(row) }
            try makeDirectory(directory + "/work_orders/" + day)
            try writeFile(directory + "/work_orders/" + day + "/crm-work-orders.csv", headerFile.text)
            summary.workOrderRows += headers[d].count

            var eventFile = CSVText(header: eventColumns)
            for (_, _, _, row) in events[d].sorted(by: { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }) {
                eventFile.append(row)
            }
            try makeDirectory(directory + "/work_order_events/" + day)
            try writeFile(directory + "/work_order_events/" + day + "/crm-events.csv", eventFile.text)
            summary.workOrderEvents += events[d].count
        }
    }

    private func headerRow(_ order: SimWorkOrder, asset: AssetInfo, priority: String) -> [String] {
        [order.id, FleetClock.localText(order.createdAt), asset.id, order.customerID, order.channel, order.faultCode,
         order.kind, priority, order.engineerID, order.description]
    }

    // MARK: files

    private func makeDirectory(_ path: String) throws(GeneratorError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: path, reason: error.localizedDescription)
        }
    }

    private func writeFile(_ path: String, _ text: String) throws(GeneratorError) {
        let file = try DumpFile(path: path, zstdLevel: nil, capacity: 1 << 16)
        try file.write(text)
        try file.close()
    }
}
