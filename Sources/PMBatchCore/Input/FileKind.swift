// The input contract (this folder): the kinds of input file and their columns, the rows they give, the
// telemetry day counts and the quarantined rows with their reasons. Ingest produces them, the state keeps
// them, Config checks column names against them and the report names the reasons. It lives in Core because
// those modules may depend on Core and on nothing else of the project; it holds no parsing.

/// The kinds of input file in a data directory (SPEC §1).
public enum FileKind: String, CaseIterable, Sendable, Codable, Comparable {
    case assets
    case components
    case engineers
    case parts
    case failures
    case workOrders = "work_orders"
    case workOrderEvents = "work_order_events"
    case telemetry

    /// The order files are ingested in: registries first, so telemetry can check assets.
    public var ingestOrder: Int { FileKind.allCases.firstIndex(of: self)! }

    public static func < (lhs: FileKind, rhs: FileKind) -> Bool { lhs.ingestOrder < rhs.ingestOrder }

    /// pmbatch's required column names for this kind (SPEC §1 table).
    public var requiredColumns: [String] {
        switch self {
        case .telemetry: ["ts", "asset_id", "code"]
        case .assets: ["asset_id"]
        case .components: ["asset_id", "slot", "component_type", "installed_on"]
        case .engineers: ["engineer_id"]
        case .parts: ["part_number"]
        case .failures: ["asset_id", "ts"]
        case .workOrders: ["wo_id", "created_at"]
        case .workOrderEvents: ["wo_id", "ts", "status"]
        }
    }

    /// pmbatch's optional column names for this kind.
    public var optionalColumns: [String] {
        switch self {
        case .telemetry: ["value"]
        case .assets: ["site_id", "customer_id", "model", "asset_type", "region", "installed_on"]
        case .components: ["part_number", "batch_code", "serial"]
        case .engineers: ["name", "skills", "region", "daily_capacity"]
        case .parts: ["description", "stock_on_hand", "lead_time_days", "unit_cost"]
        case .failures: ["slot", "fault_code"]
        case .workOrders:
            ["asset_id", "customer_id", "channel", "fault_code", "kind", "priority", "engineer_id", "description"]
        case .workOrderEvents:
            // The header columns too: an order known only from events takes them from its first event.
            ["actor", "evidence", "note", "asset_id", "customer_id", "channel", "fault_code", "kind", "priority",
             "engineer_id", "description"]
        }
    }
}

/// Maps pmbatch's column names to a source system's, per file kind (`[columns.<kind>]`).
public struct ColumnMap: Sendable, Hashable {
    /// kind → (pmbatch name → source column name).
    public var mappings: [FileKind: [String: String]]

    public init(_ mappings: [FileKind: [String: String]] = [:]) { self.mappings = mappings }

    /// The source column name to read for `column` of `kind`.
    public func sourceName(for column: String, in kind: FileKind) -> String {
        mappings[kind]?[column] ?? column
    }
}
