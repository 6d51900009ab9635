import PMBatchCore

/// One day of a chart series.
public struct DailyPoint: Hashable, Sendable {
    /// The local date.
    public var date: LocalDate
    /// The value; nil when the day has no data (the line breaks there).
    public var value: Double?

    /// Memberwise.
    public init(date: LocalDate, value: Double?) {
        self.date = date
        self.value = value
    }
}

/// A named daily series (one line of a multi-series chart).
public struct NamedSeries: Hashable, Sendable {
    /// The legend label, e.g. an asset ID.
    public var label: String
    /// Points in date order.
    public var points: [DailyPoint]
    /// Drawn dashed: a threshold that moves with the baseline, not a measured figure.
    public var dashed: Bool

    /// Memberwise.
    public init(label: String, points: [DailyPoint], dashed: Bool = false) {
        self.label = label
        self.points = points
        self.dashed = dashed
    }
}

/// The daily series behind the report's charts.
public struct ChartData: Hashable, Sendable {
    /// Mean first-update minutes per day of P (orders created that day).
    public var firstUpdateMinutes: [DailyPoint]
    /// Technical closures per day of P.
    public var technicalClosures: [DailyPoint]
    /// Alerts per day for the top assets, one series per asset.
    public var alertsByAsset: [NamedSeries]

    /// Memberwise.
    public init(firstUpdateMinutes: [DailyPoint] = [], technicalClosures: [DailyPoint] = [],
                alertsByAsset: [NamedSeries] = []) {
        self.firstUpdateMinutes = firstUpdateMinutes
        self.technicalClosures = technicalClosures
        self.alertsByAsset = alertsByAsset
    }
}

extension ChartData {
    /// Builds the chart data from the KPI calculator's daily series
    /// (`KPICalculator.dailyFirstUpdateMinutes`, `.dailyTechnicalClosures`) and per-asset alert counts.
    public init(firstUpdate: [(date: LocalDate, meanMinutes: Double?, n: Int)],
                closures: [(date: LocalDate, count: Int)], alertsByAsset: [NamedSeries] = []) {
        self.init(firstUpdateMinutes: firstUpdate.map { DailyPoint(date: $0.date, value: $0.meanMinutes) },
                  technicalClosures: closures.map { DailyPoint(date: $0.date, value: Double($0.count)) },
                  alertsByAsset: alertsByAsset)
    }
}
