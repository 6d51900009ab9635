/// Which kind of rule created a preventive work order.
public enum RuleKind: String, Sendable, Hashable, CaseIterable {
    case alert, age, batchAge = "batch_age"
}

/// A preventive work order pmbatch created (SPEC §3), as stored and exported.
public struct PreventiveWorkOrder: Hashable, Sendable {
    /// Global ID, `WD` + as-of `YYYYMMDD` + 5 digits.
    public var id: String
    /// The night that created it.
    public var night: LocalDate
    public var ruleID: String
    public var ruleKind: RuleKind
    /// Identifies the (rule, asset, window) or installation or batch; at most one order per key.
    public var triggerKey: String
    public var assetID: String
    public var siteID: String
    public var customerID: String
    /// For batch orders: every asset of the batch group, sorted.
    public var relatedAssets: [String]
    public var skill: String
    public var evidence: String
    public var action: String
    public var priority: String
    /// Suggested engineer; empty when none qualified.
    public var engineerID: String
    public var dueDate: LocalDate
    /// The alert codes and local days the evidence counted (alert rules only).
    public var alertCodes: [String]
    public var alertDays: Range<LocalDate>?
    /// Why the order came only tonight: the evidence needed alerts from input that arrived after the
    /// night of their day, or from a file fixed or replaced after its night was evaluated (empty when
    /// the order rests on input that was there in time).
    public var lateInput: String = ""

    public init(id: String, night: LocalDate, ruleID: String, ruleKind: RuleKind, triggerKey: String,
                assetID: String, siteID: String, customerID: String, relatedAssets: [String] = [], skill: String,
                evidence: String, action: String, priority: String, engineerID: String, dueDate: LocalDate,
                alertCodes: [String] = [], alertDays: Range<LocalDate>? = nil) {
        self.id = id
        self.night = night
        self.ruleID = ruleID
        self.ruleKind = ruleKind
        self.triggerKey = triggerKey
        self.assetID = assetID
        self.siteID = siteID
        self.customerID = customerID
        self.relatedAssets = relatedAssets
        self.skill = skill
        self.evidence = evidence
        self.action = action
        self.priority = priority
        self.engineerID = engineerID
        self.dueDate = dueDate
        self.alertCodes = alertCodes
        self.alertDays = alertDays
    }
}

/// A spare-part request serving a preventive work order.
public struct SparePartRequest: Hashable, Sendable {
    /// Global ID, `PR` + as-of `YYYYMMDD` + 5 digits.
    public var id: String
    public var night: LocalDate
    /// The WD it serves.
    public var workOrderID: String
    public var partNumber: String
    public var batchCode: String
    public var quantity: Int
    public var stockOnHand: Int
    /// Quantity not covered by stock left after tonight's earlier requests for the same part.
    public var shortfall: Int
    public var neededBy: LocalDate

    public init(id: String, night: LocalDate, workOrderID: String, partNumber: String, batchCode: String,
                quantity: Int, stockOnHand: Int, shortfall: Int, neededBy: LocalDate) {
        self.id = id
        self.night = night
        self.workOrderID = workOrderID
        self.partNumber = partNumber
        self.batchCode = batchCode
        self.quantity = quantity
        self.stockOnHand = stockOnHand
        self.shortfall = shortfall
        self.neededBy = neededBy
    }
}

/// A trigger that did not create a work order because the asset already had an open one of that skill.
public struct SuppressedTrigger: Hashable, Sendable {
    public var night: LocalDate
    public var ruleID: String
    public var triggerKey: String
    public var assetID: String
    public var siteID: String
    public var skill: String
    public var evidence: String
    /// The open work order that blocks it.
    public var blockingID: String

    public init(night: LocalDate, ruleID: String, triggerKey: String, assetID: String, siteID: String,
                skill: String, evidence: String, blockingID: String) {
        self.night = night
        self.ruleID = ruleID
        self.triggerKey = triggerKey
        self.assetID = assetID
        self.siteID = siteID
        self.skill = skill
        self.evidence = evidence
        self.blockingID = blockingID
    }
}
