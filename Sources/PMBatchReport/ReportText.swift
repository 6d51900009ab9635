import PMBatchCore

/// Every word the Markdown report and the charts print, in one language.
///
/// Kept as data (not `if language == …` in the renderer) so the two languages cannot drift apart in
/// structure: both render through the same code.
struct ReportText: Sendable {
    // Units and verdicts.
    var minutes: @Sendable (String) -> String
    var hours: @Sendable (String) -> String
    var notEnoughData: @Sendable (Int) -> String
    var healthyYes = "✅"
    var healthyNo = "❌"
    var unknown = "—"
    var andMore: @Sendable (Int) -> String
    var listSeparator: String
    var colon: String
    var clauseSeparator: String
    var parenthesized: @Sendable (String) -> String

    // Header.
    var title: @Sendable (String) -> String
    var statusLine: @Sendable (String, Int) -> String
    var statusOK: String
    var statusRejected: String
    var statusFailed: String
    var headerIntro: @Sendable (String, String) -> String
    var item: String
    var value: String
    var asOf: String
    var cutoffNote: @Sendable (String) -> String
    var periodP: String
    var previousPeriod: String
    var baseline: String
    var baselineIsPrevious: String
    var periodRange: @Sendable (String, String, Int) -> String
    var dataSeen: String
    var dataSeenText: @Sendable (DataSeen) -> String
    var rulesDigest: String
    var program: String

    // KPI summary.
    var summaryTitle: String
    var summaryIntro: String
    var kpiColumn: String
    var thresholdColumn: String
    var healthyColumn: String
    var previousColumn: String
    var baselineColumn: String
    var h1Name: String
    var h2Name: String
    var h3Name: String
    var v1Name: @Sendable (Int) -> String
    var h2Threshold: @Sendable (String) -> String
    var h3Threshold: @Sendable (String, String) -> String
    var engineerDaysN: @Sendable (Int) -> String
    /// (channel, `mean / ≤ threshold`): the channel H1's verdict hinges on.
    var worstChannel: @Sendable (String, String) -> String
    /// H2's gain, the figure its verdict is decided on.
    var h2GainNote: @Sendable (String) -> String
    /// H3's gain over the baseline, the figure its relative test is decided on.
    var h3GainNote: @Sendable (String) -> String

    // H1 details.
    var h1Title: String
    var h1Intro: String
    var channel: String
    var mean: String
    var median: String
    var p90: String
    var allChannels: String
    var urgentLine: String
    var noChannelData: String
    var waitingTitle: @Sendable (Int) -> String
    var waitingIntro: String
    var waitingNone: String
    var workOrder: String
    var created: @Sendable (String) -> String
    var waited: String

    // H2, H3, V1 details.
    var h2Title: String
    var h2Intro: String
    var h2Line: @Sendable (Int, String, String, String) -> String
    var h2Baseline: @Sendable (String, String, String) -> String
    var h3Title: String
    var h3Intro: String
    /// (effective, engineer-days, per engineer-day, baseline, gain, needed).
    var h3Line: @Sendable (Int, Int, String, String, String, String) -> String
    var v1Title: String
    var v1Intro: @Sendable (Int) -> String
    var v1Line: @Sendable (Int, Int, String) -> String
    var worstCustomers: String
    var worstFaultCodes: String
    var customer: String
    var faultCode: String
    var orders: String
    var repeats: String
    var noRepeats: String

    // Trend over the last periods.
    var trendTitle: @Sendable (Int) -> String
    var trendIntro: @Sendable (Int, Int) -> String
    var periodEnding: String
    var backlogColumn: String
    var trendFirstUpdateChart: String
    var trendExecutionChart: String
    var trendUtilizationChart: String
    var trendRecurrenceChart: String
    var trendBacklogChart: String
    var trendMeasured: String
    var trendExecutionNeeded: @Sendable (String) -> String
    var trendUtilizationNeeded: @Sendable (String) -> String
    var chartHoursAxis: String
    var chartPerEngineerDayAxis: String
    var chartEngineerDaysAxis: String

    // Standard KPIs.
    var standardTitle: String
    var standardIntro: String
    var mtbfName: String
    var mtbfN: @Sendable (Int) -> String
    var mtbfFormula: String
    var mttrName: String
    var mttrN: @Sendable (Int) -> String
    var mttrFormula: String
    var pmName: String
    var pmN: @Sendable (Int, Int) -> String
    var pmFormula: String
    var backlogName: String
    var backlogValue: @Sendable (String) -> String
    var backlogN: @Sendable (Int) -> String
    var backlogFormula: String
    var formula: String

    // Stuck stages.
    var stuckTitle: String
    var stuckIntro: String
    var rank: String
    var status: String
    var count: String
    var total: String
    var noStuck: String

    // Closure audit.
    var closureTitle: String
    var closureIntro: String
    var falseClosuresTitle: @Sendable (Int) -> String
    var falseClosuresIntro: String
    var closedAt: String
    var missing: String
    var completeTitle: @Sendable (Int) -> String
    var completeIntro: String
    var statusName: @Sendable (String) -> String

    // Tonight's orders.
    var preventiveTitle: @Sendable (Int) -> String
    var preventiveIntro: String
    var id: String
    var rule: String
    var asset: String
    var site: String
    var evidence: String
    var action: String
    var priority: String
    var engineer: String
    var due: String
    var noEngineer: String
    /// A trigger's evidence in this language; nil shows the stored (English) text.
    var evidenceText: @Sendable (TriggerEvidence) -> String?
    var requestsTitle: @Sendable (Int) -> String
    var requestsIntro: String
    var part: String
    var batch: String
    var quantity: String
    var stock: String
    var shortfall: String
    var neededBy: String
    var suppressedTitle: @Sendable (Int) -> String
    var suppressedIntro: String
    var blockingOrder: String
    var unassignedTitle: @Sendable (Int) -> String
    var unassignedIntro: String
    var skill: String
    var noneTonight: String

    // Active rules.
    var activeRulesTitle: @Sendable (Int) -> String
    var activeRulesIntro: String
    var condition: String
    var firedTonight: String
    var firedInPeriod: String
    var suppressedInPeriod: String
    var note: String
    var noRules: String
    /// (codes joined with `orSeparator`, window, more-than).
    var alertCondition: @Sendable (String, String, Int) -> String
    var calendarMonth: String
    var rollingDays: @Sendable (Int) -> String
    /// (component type, age).
    var ageCondition: @Sendable (String, String) -> String
    /// (minimum count, component type, age).
    var batchAgeCondition: @Sendable (Int, String, String) -> String
    /// A rule's minimum age as written (`3y`, `18m`, `90d`).
    var age: @Sendable (DayCount) -> String
    var orSeparator: String
    var codeNeverOccurs: @Sendable (String) -> String
    var componentTypeNeverOccurs: @Sendable (String) -> String
    /// The suggestions, each already formatted.
    var didYouMean: @Sendable ([String]) -> String
    var nothingClose: String
    var codesUnchecked: String
    var componentTypesUnchecked: String

    // Fleet health.
    var fleetTitle: String
    var fleetIntro: String
    var topAssetsTitle: String
    var alerts: String
    var topCode: String
    var agingTitle: String
    var slot: String
    var componentType: String
    var installed: String
    var ageDays: String
    var limitDays: String
    var daysLeft: String
    var noAlerts: String
    var noAging: String
    var openOrder: String
    var noOpenOrder: String

    // Data quality.
    var qualityTitle: String
    var qualityIntro: String
    var tonightDrop: String
    var toDate: String
    var filesRead: String
    var rowsRead: String
    var quarantinedRows: String
    var duplicatesSkipped: String
    var filesRejected: String
    var rejectedTitle: String
    var file: String
    var problem: String
    var unmappedTitle: String
    var events: String
    /// A quarantine reason in words; nil shows the reason's code alone.
    var quarantineReason: @Sendable (QuarantineReason) -> String?

    // Charts.
    var chartsTitle: String
    var chartsIntro: String
    var chartFirstUpdate: String
    var chartClosures: String
    var chartAlerts: String
    var chartNoData: String
    var chartMinutesAxis: String
    var chartCountAxis: String

    // Going live, late input, reproducing the night.
    var firstNight: String
    var lateTitle: @Sendable (Int) -> String
    var lateIntro: String
    var lateInput: String
    var replayTitle: String
    var replayText: @Sendable (_ asOf: String, _ firstNight: String, _ digest: String) -> String
}
