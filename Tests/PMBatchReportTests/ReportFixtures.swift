import PMBatchCore
import PMBatchReport

/// Hand-built `NightReport`s: one with data in every section, one with no data at all.
enum ReportFixtures {
    static let zone = ZoneRules(identifier: "Asia/Shanghai")!
    static let asOf = LocalDate("2026-11-24")!

    static func date(_ text: String) -> LocalDate { LocalDate(text)! }

    /// `YYYY-MM-DDTHH:MM:SSZ` → instant.
    static func at(_ day: String, hour: Int, minute: Int = 0) -> Instant {
        Instant(utcMidnightOf: date(day)).adding(milliseconds: Int64(hour * 3600 + minute * 60) * 1000)
    }

    static func dist(_ n: Int, _ mean: Double?, _ median: Double?, _ p90: Double?, total: Double = 0) -> Distribution {
        Distribution(n: n, mean: mean, median: median, p90: p90, total: total)
    }

    static let emptyDistribution = Distribution(n: 0, mean: nil, median: nil, p90: nil, total: 0)

    /// A period with every figure empty.
    static func emptyKPIs(_ period: Period) -> PeriodKPIs {
        PeriodKPIs(
            period: period,
            firstUpdate: FirstUpdateKPI(
                overall: FirstUpdateGroup(group: "all", minutes: emptyDistribution, thresholdMinutes: nil, healthy: nil),
                byChannel: [],
                urgent: FirstUpdateGroup(group: "urgent", minutes: emptyDistribution, thresholdMinutes: 10,
                                         healthy: nil),
                waiting: [], healthy: nil),
            execution: ExecutionKPI(hours: emptyDistribution, baselineMeanHours: nil, gain: nil, healthy: nil),
            utilization: UtilizationKPI(effectiveWorkOrders: 0, engineerDays: 0, perEngineerDay: nil,
                                        baselinePerEngineerDay: nil, healthy: nil),
            recurrence: RecurrenceKPI(n: 0, repeats: 0, rate: nil, healthy: nil, worstCustomers: [],
                                      worstFaultCodes: []),
            stuckStages: [],
            standard: StandardKPIs(mtbfHours: nil, failures: 0, mttrHours: nil, repairs: 0, pmCompliance: nil,
                                   pmDue: 0, pmOnTime: 0, backlogEngineerDays: nil, openOrders: 0))
    }

    static let currentPeriod = Period.days(30, endingWith: asOf, zone: zone)
    static let previousPeriod = Period.days(30, endingWith: asOf.adding(days: -30), zone: zone)
    static let baselinePeriod = Period.days(from: date("2025-01-01"), through: date("2025-03-31"), zone: zone)

    static let header = ReportHeader(
        asOf: asOf, dataSeen: DataSeen(files: 12, rows: 1_234_567, assets: 100, workOrders: 250, events: 1200),
        rulesDigest: "3f2a9c0e71bd", programVersion: "0.1.0", timeZone: "Asia/Shanghai", language: .en,
        firstNight: date("2026-11-01"))

    // MARK: The empty night

    static var empty: NightReport {
        NightReport(
            header: ReportHeader(asOf: asOf, dataSeen: DataSeen(), rulesDigest: "000000000000",
                                 programVersion: "0.1.0", timeZone: "UTC", language: .en),
            current: emptyKPIs(currentPeriod), previous: emptyKPIs(previousPeriod), baseline: nil,
            thresholds: KPIThresholds(),
            closureAudit: ClosureAudit(falseClosures: [], completeNotClosed: []),
            // No data at all: the built-in rules' names could not be checked.
            activeRules: [
                ActiveRule(ruleID: "door-open-delay",
                           condition: .alerts(codes: ["door_open_delay"], window: .calendarMonth, moreThan: 5),
                           cannotFire: nil),
                ActiveRule(ruleID: "encoder-batch",
                           condition: .batchAge(componentType: "encoder", minAge: DayCount(parsing: "18m")!,
                                                minCount: 3),
                           cannotFire: nil),
            ])
    }

    // MARK: The full night

    static var current: PeriodKPIs {
        var k = emptyKPIs(currentPeriod)
        k.firstUpdate = FirstUpdateKPI(
            overall: FirstUpdateGroup(group: "all", minutes: dist(9, 21.75, 14, 48.5), thresholdMinutes: nil,
                                      healthy: nil),
            byChannel: [
                FirstUpdateGroup(group: "phone", minutes: dist(3, 35.25, 31, 48.5), thresholdMinutes: 30,
                                 healthy: false),
                FirstUpdateGroup(group: "app", minutes: dist(4, 12.5, 11, 20), thresholdMinutes: 15, healthy: true),
                FirstUpdateGroup(group: "(none)", minutes: dist(2, 5, 5, 6), thresholdMinutes: nil, healthy: nil),
            ],
            urgent: FirstUpdateGroup(group: "urgent", minutes: dist(2, 8.05, 8.05, 9), thresholdMinutes: 10,
                                     healthy: true),
            waiting: (1...22).map { i in
                WaitingOrder(woID: "WO-" + pad(i, 4), channel: i % 2 == 0 ? "app" : "phone",
                             createdAt: at("2026-11-01", hour: i), waitingMinutes: Double(33_000 - i * 60))
            },
            healthy: false)
        k.execution = ExecutionKPI(hours: dist(30, 20.45, 18, 40.04), baselineMeanHours: 30,
                                   gain: 0.318_333, healthy: false)
        k.utilization = UtilizationKPI(effectiveWorkOrders: 120, engineerDays: 45, perEngineerDay: 120.0 / 45,
                                       baselinePerEngineerDay: 2.5, healthy: false)
        k.recurrence = RecurrenceKPI(
            n: 50, repeats: 2, rate: 0.04, healthy: true,
            worstCustomers: [RecurrenceOffender(key: "CUST-7", orders: 3, repeats: 1),
                             RecurrenceOffender(key: "CUST-9", orders: 2, repeats: 1)],
            worstFaultCodes: [RecurrenceOffender(key: "E42", orders: 4, repeats: 2)])
        k.stuckStages = [
            StuckStage(status: "waiting_parts", count: 12, meanHours: 30, p90Hours: 50.25, totalHours: 360),
            StuckStage(status: "Take in charge | ticket", count: 3, meanHours: 12.5, p90Hours: 20, totalHours: 37.5),
            StuckStage(status: "waiting_customer", count: 8, meanHours: 6.125, p90Hours: 9, totalHours: 49),
            StuckStage(status: "dispatched", count: 40, meanHours: 2, p90Hours: 4, totalHours: 80),
            StuckStage(status: "on_site", count: 35, meanHours: 1.5, p90Hours: 2.5, totalHours: 52.5),
        ]
        k.standard = StandardKPIs(mtbfHours: 1234.5, failures: 5, mttrHours: 3.25, repairs: 20, pmCompliance: 0.9,
                                  pmDue: 10, pmOnTime: 9, backlogEngineerDays: 2.5, openOrders: 30)
        return k
    }

    static var previous: PeriodKPIs {
        var k = emptyKPIs(previousPeriod)
        k.firstUpdate.overall.minutes = dist(6, 14, 13, 22)
        k.execution.hours = dist(25, 22, 20, 41)
        k.utilization = UtilizationKPI(effectiveWorkOrders: 100, engineerDays: 40, perEngineerDay: 2.5,
                                       baselinePerEngineerDay: nil, healthy: false)
        k.recurrence = RecurrenceKPI(n: 40, repeats: 3, rate: 0.075, healthy: false, worstCustomers: [],
                                     worstFaultCodes: [])
        return k
    }

    static var baseline: PeriodKPIs {
        var k = emptyKPIs(baselinePeriod)
        k.firstUpdate.overall.minutes = dist(20, 41, 35, 80)
        k.execution.hours = dist(90, 30, 28, 60)
        k.utilization = UtilizationKPI(effectiveWorkOrders: 300, engineerDays: 120, perEngineerDay: 2.5,
                                       baselinePerEngineerDay: nil, healthy: false)
        k.recurrence = RecurrenceKPI(n: 150, repeats: 27, rate: 0.18, healthy: false, worstCustomers: [],
                                     worstFaultCodes: [])
        return k
    }

    static let workOrders: [PreventiveWorkOrder] = [
        PreventiveWorkOrder(
            id: "WD2026112400002", night: asOf, ruleID: "encoder-batch", ruleKind: .batchAge,
            triggerKey: "encoder-batch|S2|B-2019-07", assetID: "EL-0201", siteID: "S2", customerID: "CUST-2",
            relatedAssets: ["EL-0201", "EL-0202", "EL-0207"], skill: "drive-system",
            evidence: "3 encoder components of batch B-2019-07 at site S2 aged ≥ 5y", action: "Replace encoders",
            priority: "normal", engineerID: "", dueDate: date("2026-12-01")),
        PreventiveWorkOrder(
            id: "WD2026112400001", night: asOf, ruleID: "door-open-delay", ruleKind: .alert,
            triggerKey: "door-open-delay|EL-0042|2026-11", assetID: "EL-0042", siteID: "S1", customerID: "CUST-7",
            skill: "door-system", evidence: "7 door_open_delay alerts in 2026-11, limit 5",
            action: "Lubricate door guide shoes; inspect door operator", priority: "normal", engineerID: "ENG-03",
            dueDate: date("2026-12-01"), alertCodes: ["door_open_delay"]),
        lateOrder,
    ]

    /// An order that needed alerts of a file fixed after its night was evaluated.
    static let lateOrder: PreventiveWorkOrder = {
        var o = PreventiveWorkOrder(
            id: "WD2026112400003", night: asOf, ruleID: "door-open-delay", ruleKind: .alert,
            triggerKey: "door-open-delay|EL-0050|2026-11", assetID: "EL-0050", siteID: "S1", customerID: "CUST-7",
            skill: "door-system", evidence: "6 door_open_delay alerts in 2026-11, limit 5",
            action: "Lubricate door guide shoes; inspect door operator", priority: "normal", engineerID: "ENG-03",
            dueDate: date("2026-12-01"), alertCodes: ["door_open_delay"])
        o.lateInput = "telemetry/2026-11-20/a.csv.zst: 4 alerts from 2026-11-20, fixed after night 2026-11-20 was evaluated"
        return o
    }()

    static let requests: [SparePartRequest] = [
        SparePartRequest(id: "PR2026112400001", night: asOf, workOrderID: "WD2026112400002", partNumber: "ENC-500",
                         batchCode: "B-2019-07", quantity: 3, stockOnHand: 1, shortfall: 2,
                         neededBy: date("2026-12-08")),
    ]

    static let suppressed: [SuppressedTrigger] = [
        SuppressedTrigger(night: asOf, ruleID: "door-open-delay", triggerKey: "door-open-delay|EL-0077|2026-11",
                          assetID: "EL-0077", siteID: "S3", skill: "door-system",
                          evidence: "9 door_open_delay alerts in 2026-11, limit 5", blockingID: "WD2026111800003"),
    ]

    /// Every kind of rule and of note: one that fired, one with a misspelled code (and a suggestion), one whose
    /// code nothing resembles, an age rule and a batch rule.
    static let activeRules: [ActiveRule] = [
        ActiveRule(ruleID: "door-open-delay", condition: .alerts(codes: ["door_open_delay"], window: .calendarMonth,
                                                                 moreThan: 5),
                   firedTonight: 2, firedInPeriod: 9, suppressedInPeriod: 3),
        ActiveRule(ruleID: "vibration", condition: .alerts(codes: ["vibration_high", "vibraton_low"],
                                                           window: .rolling(days: 7), moreThan: 2),
                   firedTonight: 0, firedInPeriod: 4, suppressedInPeriod: 0,
                   cannotFire: [UnknownRuleName(kind: .code, name: "vibraton_low",
                                                suggestions: ["vibration_low", "vibration_high"])]),
        ActiveRule(ruleID: "hoist-overheat", condition: .alerts(codes: ["motor_overheat"], window: .rolling(days: 30),
                                                                moreThan: 0),
                   cannotFire: [UnknownRuleName(kind: .code, name: "motor_overheat", suggestions: [])]),
        ActiveRule(ruleID: "brake-pad-age",
                   condition: .age(componentType: "brake_pda", minAge: DayCount(parsing: "3y")!),
                   cannotFire: [UnknownRuleName(kind: .componentType, name: "brake_pda", suggestions: ["brake_pad"])]),
        ActiveRule(ruleID: "encoder-batch",
                   condition: .batchAge(componentType: "encoder", minAge: DayCount(parsing: "5y")!, minCount: 3),
                   firedTonight: 1, firedInPeriod: 1, suppressedInPeriod: 0),
    ]

    static func series(_ values: [Double?]) -> [DailyPoint] {
        values.enumerated().map { DailyPoint(date: currentPeriod.firstDay.adding(days: $0.offset), value: $0.element) }
    }

    static let closureAudit = ClosureAudit(
        falseClosures: [
            ClosureAuditEntry(woID: "WO-0310", missing: ["financial_closed"],
                              closedAt: at("2026-11-20", hour: 2, minute: 30)),
            ClosureAuditEntry(woID: "WO-0102", missing: ["delivery_confirmed", "financial_closed"],
                              closedAt: at("2026-11-03", hour: 9)),
        ],
        completeNotClosed: [ClosureAuditEntry(woID: "WO-0215", missing: [], closedAt: nil)])

    static let fleetHealth = FleetHealth(
        topAssets: [
            AssetAlertSummary(assetID: "EL-0077", siteID: "S3", alerts: 41, topCode: "door_open_delay",
                              topCodeAlerts: 30),
            AssetAlertSummary(assetID: "EL-0042", siteID: "S1", alerts: 17, topCode: "door_open_delay",
                              topCodeAlerts: 7),
        ],
        agingComponents: [
            ComponentAgeEntry(assetID: "EL-0201", slot: "encoder", componentType: "encoder",
                              installedOn: date("2021-08-02"), ageDays: 1940, limitDays: 1825,
                              coveringOrderID: "WD2026110300002"),
            ComponentAgeEntry(assetID: "EL-0013", slot: "brake", componentType: "brake_pad",
                              installedOn: date("2024-01-10"), ageDays: 1049, limitDays: 1095),
        ])

    static let rejected = RejectedFile(path: "telemetry/2026-11-24/dump-03.csv.zst",
                                       message: "truncated zstd frame at byte 1048576")

    static let dataQuality = DataQuality(
        night: DataQualitySummary(files: 3, rows: 48_210, quarantined: [QuarantineCount(reason: .badTimestamp, count: 2)],
                                  rejectedFiles: [rejected], duplicatesSkipped: 5),
        toDate: DataQualitySummary(files: 12, rows: 1_234_567,
                                   quarantined: [QuarantineCount(reason: .unknownAsset, count: 4),
                                                 QuarantineCount(reason: .badTimestamp, count: 7)],
                                   rejectedFiles: [rejected],
                                   unmappedStatuses: [StatusCount(status: "Take in charge | ticket", count: 3)],
                                   duplicatesSkipped: 19))

    static var charts: ChartData {
        var firstUpdate: [Double?] = []
        var closures: [Double?] = []
        var a: [Double?] = []
        var b: [Double?] = []
        for day in 0..<30 {
            let minutes: Double? = day % 7 == 6 ? nil : 10 + Double(day % 5) * 2.5
            firstUpdate.append(minutes)
            closures.append(Double(day % 4))
            a.append(Double(day % 3))
            b.append(Double(day % 2))
        }
        return ChartData(
            firstUpdateMinutes: series(firstUpdate), technicalClosures: series(closures),
            alertsByAsset: [NamedSeries(label: "EL-0077", points: series(a)),
                            NamedSeries(label: "EL-0042 <S1 & \"x\">", points: series(b))])
    }

    /// Twelve periods ending with P, oldest first: the figures drift so every chart has a shape; the third
    /// period has no H3 data and no backlog figure (gaps), the newest is `current`.
    static var trend: [PeriodKPIs] {
        (0..<12).map { index in
            let k = 11 - index
            guard k > 0 else { return current }
            var p = current
            p.period = Period.days(30, endingWith: asOf.adding(days: -30 * k), zone: zone)
            let drift = Double(k)
            p.firstUpdate.overall.minutes.mean = 12 + drift * 2.5
            p.firstUpdate.healthy = 12 + drift * 2.5 <= 15
            p.execution.hours.mean = 18 + drift
            p.execution.baselineMeanHours = 30 + drift
            p.execution.gain = 1 - (18 + drift) / (30 + drift)
            p.execution.healthy = p.execution.gain! >= 0.35
            p.utilization.perEngineerDay = index == 2 ? nil : 2.0 + Double(index % 3) * 0.4
            p.utilization.baselinePerEngineerDay = 2.2
            p.utilization.healthy = index == 2 ? nil : false
            p.recurrence.rate = 0.02 * Double(k % 4)
            p.recurrence.healthy = 0.02 * Double(k % 4) <= 0.05
            p.standard.backlogEngineerDays = index == 2 ? nil : 1.5 + Double(k % 5) * 0.5
            return p
        }
    }

    static var full: NightReport {
        var report = NightReport(
            header: header, current: current, previous: previous, baseline: baseline,
            thresholds: KPIThresholds(baseline: date("2025-01-01")...date("2025-03-31")),
            closureAudit: closureAudit,
            preventiveWorkOrders: workOrders, sparePartRequests: requests, suppressedTriggers: suppressed,
            activeRules: activeRules, fleetHealth: fleetHealth, dataQuality: dataQuality, charts: charts, status: "input_rejected", exitCode: 1)
        report.trend = trend
        return report
    }
}
