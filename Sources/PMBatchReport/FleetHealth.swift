import PMBatchCore

/// An asset ranked by its alert count in the period.
public struct AssetAlertSummary: Hashable, Sendable {
    /// The asset.
    public var assetID: String
    /// Its site (empty when unknown).
    public var siteID: String
    /// Alerts (telemetry occurrences of any code) in the period.
    public var alerts: Int
    /// The code with the most alerts on this asset in the period (ties by code).
    public var topCode: String
    /// How many alerts `topCode` had.
    public var topCodeAlerts: Int

    /// Memberwise.
    public init(assetID: String, siteID: String, alerts: Int, topCode: String, topCodeAlerts: Int) {
        self.assetID = assetID
        self.siteID = siteID
        self.alerts = alerts
        self.topCode = topCode
        self.topCodeAlerts = topCodeAlerts
    }
}

/// A current component installation measured against the age limit of the rule that watches it.
public struct ComponentAgeEntry: Hashable, Sendable {
    /// The asset.
    public var assetID: String
    /// The slot in the asset.
    public var slot: String
    /// The component type.
    public var componentType: String
    /// When the current component was installed.
    public var installedOn: LocalDate
    /// as-of − installed, in days.
    public var ageDays: Int
    /// The rule's `min_age` in days.
    public var limitDays: Int
    /// The open pmbatch work order (tonight's or an earlier night's) whose rule watches this component type
    /// and which covers the asset (a batch order covers every asset it lists); nil when none does.
    public var coveringOrderID: String?

    /// Memberwise.
    public init(assetID: String, slot: String, componentType: String, installedOn: LocalDate, ageDays: Int,
                limitDays: Int, coveringOrderID: String? = nil) {
        self.assetID = assetID
        self.slot = slot
        self.componentType = componentType
        self.installedOn = installedOn
        self.ageDays = ageDays
        self.limitDays = limitDays
        self.coveringOrderID = coveringOrderID
    }

    /// Days until the limit is reached; zero or negative once reached.
    public var daysLeft: Int { limitDays - ageDays }
}

/// Fleet health: where the alerts come from and which parts are ageing out.
public struct FleetHealth: Hashable, Sendable {
    /// Assets with the most alerts in P, most first (the caller ranks and cuts; rendered as given).
    public var topAssets: [AssetAlertSummary]
    /// Components nearest their age limits, fewest days left first (rendered as given).
    public var agingComponents: [ComponentAgeEntry]

    /// Memberwise.
    public init(topAssets: [AssetAlertSummary] = [], agingComponents: [ComponentAgeEntry] = []) {
        self.topAssets = topAssets
        self.agingComponents = agingComponents
    }
}
