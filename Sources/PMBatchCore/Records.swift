/// An asset from the registry.
public struct Asset: Hashable, Sendable {
    public var assetID: String
    public var siteID: String
    public var customerID: String
    public var model: String
    public var assetType: String
    public var region: String
    public var installedOn: LocalDate?

    public init(assetID: String, siteID: String = "", customerID: String = "", model: String = "",
                assetType: String = "", region: String = "", installedOn: LocalDate? = nil) {
        self.assetID = assetID
        self.siteID = siteID
        self.customerID = customerID
        self.model = model
        self.assetType = assetType
        self.region = region
        self.installedOn = installedOn
    }
}

/// One installation of a component in an asset's slot; a replacement is a newer row.
public struct ComponentInstallation: Hashable, Sendable {
    public var assetID: String
    public var slot: String
    public var componentType: String
    public var installedOn: LocalDate
    public var partNumber: String
    public var batchCode: String
    public var serial: String

    public init(assetID: String, slot: String, componentType: String, installedOn: LocalDate,
                partNumber: String = "", batchCode: String = "", serial: String = "") {
        self.assetID = assetID
        self.slot = slot
        self.componentType = componentType
        self.installedOn = installedOn
        self.partNumber = partNumber
        self.batchCode = batchCode
        self.serial = serial
    }
}

/// A field engineer.
public struct Engineer: Hashable, Sendable {
    public var engineerID: String
    public var name: String
    public var skills: [String]
    public var region: String
    public var dailyCapacity: Int

    public init(engineerID: String, name: String = "", skills: [String] = [], region: String = "",
                dailyCapacity: Int = 12) {
        self.engineerID = engineerID
        self.name = name
        self.skills = skills
        self.region = region
        self.dailyCapacity = dailyCapacity
    }
}

/// A spare part in the catalogue.
public struct Part: Hashable, Sendable {
    public var partNumber: String
    public var description: String
    public var stockOnHand: Int
    public var leadTimeDays: Int
    public var unitCost: Double?

    public init(partNumber: String, description: String = "", stockOnHand: Int = 0, leadTimeDays: Int = 0,
                unitCost: Double? = nil) {
        self.partNumber = partNumber
        self.description = description
        self.stockOnHand = stockOnHand
        self.leadTimeDays = leadTimeDays
        self.unitCost = unitCost
    }
}

/// A confirmed failure: ground truth for the backtest.
public struct Failure: Hashable, Sendable {
    public var assetID: String
    public var ts: Instant
    public var slot: String
    public var faultCode: String

    public init(assetID: String, ts: Instant, slot: String = "", faultCode: String = "") {
        self.assetID = assetID
        self.ts = ts
        self.slot = slot
        self.faultCode = faultCode
    }
}

/// A work-order header as dropped (or derived from its first event).
public struct WorkOrderHeader: Hashable, Sendable {
    public var woID: String
    public var createdAt: Instant
    public var assetID: String
    public var customerID: String
    public var channel: String
    public var faultCode: String
    /// As given; see `effectiveKind`.
    public var kind: String
    public var priority: String
    public var engineerID: String
    public var description: String

    public init(woID: String, createdAt: Instant, assetID: String = "", customerID: String = "",
                channel: String = "", faultCode: String = "", kind: String = "", priority: String = "",
                engineerID: String = "", description: String = "") {
        self.woID = woID
        self.createdAt = createdAt
        self.assetID = assetID
        self.customerID = customerID
        self.channel = channel
        self.faultCode = faultCode
        self.kind = kind
        self.priority = priority
        self.engineerID = engineerID
        self.description = description
    }

    /// `kind`, or when empty: `preventive` for the preventive channel, else `corrective`.
    public var effectiveKind: String {
        if !kind.isEmpty { return kind }
        return channel == "preventive" ? "preventive" : "corrective"
    }
}

/// A status event of a work order.
public struct WorkOrderEvent: Hashable, Sendable {
    public var woID: String
    public var ts: Instant
    /// The status as written in the source file.
    public var rawStatus: String
    public var actor: String
    public var evidence: String
    public var note: String

    public init(woID: String, ts: Instant, rawStatus: String, actor: String = "", evidence: String = "",
                note: String = "") {
        self.woID = woID
        self.ts = ts
        self.rawStatus = rawStatus
        self.actor = actor
        self.evidence = evidence
        self.note = note
    }
}

/// The canonical work-order status vocabulary (SPEC §1).
public enum WorkOrderStatus: String, CaseIterable, Sendable, Codable {
    case submitted, acknowledged, dispatched, accepted
    case onSite = "on_site"
    case waitingCustomer = "waiting_customer"
    case waitingParts = "waiting_parts"
    case resumed
    case technicalClosed = "technical_closed"
    case deliveryConfirmed = "delivery_confirmed"
    case financialClosed = "financial_closed"
    case closed, reopened, cancelled, duplicate
}
