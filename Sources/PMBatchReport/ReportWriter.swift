import PMBatchCore

/// Builds the report section by section from the model, in the output language `F` (Markdown or HTML):
/// the sections, their order and every figure are decided here once, so `report.md` and `report.html` are
/// the same report.
///
/// Input text (IDs, codes, evidence, actions, paths, messages) enters a block only through `x` or `code`,
/// which make it safe for `F`; pmbatch's own words (`ReportText`) may carry the inline marks `` `code` `` and
/// `**strong**`, which `F` renders.
struct ReportWriter<F: ReportMarkup> {
    let report: NightReport
    let t: ReportText
    let zone: ZoneRules
    /// The SVG text of a chart file, for an output language that inlines its charts.
    let chartSVG: (String) -> String
    var output = ""

    init(report: NightReport, text: ReportText, chartSVG: @escaping (String) -> String = { _ in "" }) {
        self.report = report
        self.t = text
        self.zone = ZoneRules(identifier: report.header.timeZone) ?? .utc
        self.chartSVG = chartSVG
    }

    mutating func writeAll() {
        writeHeader()
        writeSummary()
        writeFirstUpdate()
        writeExecution()
        writeUtilization()
        writeRecurrence()
        writeTrend()
        writeStandard()
        writeStuckStages()
        writeClosureAudit()
        writeTonight()
        writeActiveRules()
        writeFleetHealth()
        writeDataQuality()
        writeCharts()
        writeReplay()
    }

    // MARK: Building blocks

    /// The document: every block, then exactly one final newline.
    mutating func render() -> String {
        writeAll()
        while output.hasSuffix("\n") { output.removeLast() }
        return output + "\n"
    }

    mutating func heading(_ level: Int, _ text: String, intro: String? = nil) {
        output += F.heading(level, text)
        if let intro { paragraph(intro) }
    }

    mutating func paragraph(_ text: String) { output += F.paragraph(text) }

    mutating func bullets(_ items: [String]) { output += F.bullets(items) }

    mutating func table(_ header: [String], _ rows: [[String]]) { output += F.table(header, rows) }

    /// Input text in a table cell, made safe for `F` (`MarkdownText.escaped`, HTML entities).
    func x(_ text: String) -> String { F.text(text) }

    /// A stored evidence text in the report's language (`TriggerEvidence`); as stored when it does not read.
    func evidence(_ stored: String) -> String {
        TriggerEvidence(parsing: stored).flatMap(t.evidenceText) ?? stored
    }

    /// Inline code for an identifier in a table cell, made safe for `F`.
    func code(_ text: String) -> String { F.code(text) }

    /// A table of at most `listCap` rows, then "and N more" (rows are built only for the shown items).
    mutating func capped<T>(_ items: [T], header: [String], row: (T) -> [String]) {
        let rows = items.prefix(MarkdownReport.listCap).map(row)
        table(header, rows)
        if items.count > MarkdownReport.listCap { paragraph(t.andMore(items.count - MarkdownReport.listCap)) }
    }

    func minutes(_ value: Double?) -> String { value.map { t.minutes(NumberText.fixed($0, 1)) } ?? t.unknown }
    func hours(_ value: Double?) -> String { value.map { t.hours(NumberText.fixed($0, 1)) } ?? t.unknown }
    func ratio(_ value: Double?) -> String { value.map { NumberText.fixed($0, 1) } ?? t.unknown }
    func percent(_ value: Double?) -> String { value.map(NumberText.percent) ?? t.unknown }
    func verdict(_ healthy: Bool?) -> String {
        switch healthy {
        case true?: t.healthyYes
        case false?: t.healthyNo
        case nil: t.unknown
        }
    }

    /// A value, or "not enough data (n = …)" when it is missing.
    func figure(_ value: Double?, n: Int, _ format: (Double) -> String) -> String {
        value.map(format) ?? t.notEnoughData(n)
    }

    /// Local wall time `YYYY-MM-DD HH:MM` in the configured zone.
    func localTime(_ instant: Instant) -> String {
        let civil = zone.civil(of: instant)
        let minute = Int(civil.millisecondOfDay / 60_000)
        return civil.date.description + " " + pad(minute / 60, 2) + ":" + pad(minute % 60, 2)
    }

    func periodText(_ period: Period) -> String {
        t.periodRange(period.firstDay.description, period.lastDay.description,
                      period.lastDay.days(since: period.firstDay) + 1)
    }

    // MARK: Header

    mutating func writeHeader() {
        let h = report.header
        heading(1, t.title(h.asOf.description))
        let status: String = switch report.status {
        case "ok": t.statusOK
        case "input_rejected": t.statusRejected
        default: t.statusFailed
        }
        paragraph(t.statusLine(status, report.exitCode))
        paragraph(t.headerIntro(h.asOf.description, F.lineText(h.timeZone)))
        var rows = [
            [t.asOf, h.asOf.description + t.parenthesized(t.cutoffNote(x(h.timeZone)))],
            [t.periodP, periodText(report.current.period)],
            [t.previousPeriod, periodText(report.previous.period)],
            [t.baseline, report.baseline.map { periodText($0.period) } ?? t.baselineIsPrevious],
            [t.dataSeen, t.dataSeenText(h.dataSeen)],
            [t.rulesDigest, code(h.rulesDigest)],
            [t.program, "pmbatch " + x(h.programVersion)],
        ]
        if let first = h.firstNight { rows.append([t.firstNight, first.description]) }
        table([t.item, t.value], rows)
    }

    // MARK: KPI summary

    /// `≤ 15.0 min (app, email, online); ≤ 30.0 min (phone)`: channels grouped by threshold.
    func firstUpdateThresholdText() -> String {
        let byValue = Dictionary(grouping: report.thresholds.firstUpdateMinutes, by: \.value)
        return byValue.keys.sorted().map { value in
            let channels = byValue[value]!.map(\.key).sorted().joined(separator: t.listSeparator)
            return "≤ " + t.minutes(NumberText.fixed(value, 1)) + t.parenthesized(x(channels))
        }.joined(separator: t.clauseSeparator)
    }

    mutating func writeSummary() {
        let cur = report.current, prev = report.previous, base = report.effectiveBaseline
        let k = report.thresholds
        heading(2, t.summaryTitle, intro: t.summaryIntro)
        let fu = cur.firstUpdate.overall.minutes
        let ex = cur.execution
        let ut = cur.utilization
        let rc = cur.recurrence
        table([t.kpiColumn, t.value, t.thresholdColumn, t.healthyColumn, t.previousColumn, t.baselineColumn, "n"], [
            [t.h1Name, figure(fu.mean, n: fu.n) { t.minutes(NumberText.fixed($0, 1)) } + worstChannelText(),
             firstUpdateThresholdText(),
             verdict(cur.firstUpdate.healthy), minutes(prev.firstUpdate.overall.minutes.mean),
             minutes(base.firstUpdate.overall.minutes.mean), String(fu.n)],
            [t.h2Name, figure(ex.hours.mean, n: ex.hours.n) { t.hours(NumberText.fixed($0, 1)) }
                + (ex.gain.map { t.parenthesized(t.h2GainNote(NumberText.percent($0))) } ?? ""),
             t.h2Threshold(NumberText.percent(k.efficiencyGainMin)), verdict(ex.healthy),
             hours(prev.execution.hours.mean), hours(ex.baselineMeanHours ?? base.execution.hours.mean),
             String(ex.hours.n)],
            [t.h3Name, figure(ut.perEngineerDay, n: ut.engineerDays) { NumberText.fixed($0, 1) }
                + (ut.gain.map { t.parenthesized(t.h3GainNote(NumberText.percent($0))) } ?? ""),
             t.h3Threshold(NumberText.fixed(k.utilizationPerEngineerDay, 1), NumberText.percent(k.utilizationGainMin)),
             verdict(ut.healthy), ratio(prev.utilization.perEngineerDay),
             ratio(ut.baselinePerEngineerDay ?? base.utilization.perEngineerDay), t.engineerDaysN(ut.engineerDays)],
            [t.v1Name(k.recurrenceDays), figure(rc.rate, n: rc.n, NumberText.percent),
             "≤ " + NumberText.percent(k.recurrenceMax), verdict(rc.healthy), percent(prev.recurrence.rate),
             percent(base.recurrence.rate), String(rc.n)],
        ])
    }

    /// The channel H1's verdict hinges on: the one whose mean is largest against its threshold (ties by
    /// name), e.g. ` (worst channel `online`: 9.0 min)`; empty when no channel has both data and a threshold.
    func worstChannelText() -> String {
        let judged = report.current.firstUpdate.byChannel.compactMap { g -> (FirstUpdateGroup, Double)? in
            guard let mean = g.minutes.mean, let limit = g.thresholdMinutes, limit > 0 else { return nil }
            return (g, mean / limit)
        }
        guard let worst = judged.min(by: { ($1.1, $0.0.group) < ($0.1, $1.0.group) })?.0 else { return "" }
        return t.parenthesized(t.worstChannel(code(worst.group), minutes(worst.minutes.mean) + " / ≤ "
                                              + minutes(worst.thresholdMinutes)))
    }

    mutating func writeFirstUpdate() {
        let fu = report.current.firstUpdate
        heading(3, t.h1Title, intro: t.h1Intro)
        func row(_ name: String, _ g: FirstUpdateGroup) -> [String] {
            let d = g.minutes
            return [name, String(d.n), figure(d.mean, n: d.n) { t.minutes(NumberText.fixed($0, 1)) },
                    minutes(d.median), minutes(d.p90),
                    g.thresholdMinutes.map { "≤ " + t.minutes(NumberText.fixed($0, 1)) } ?? t.unknown, verdict(g.healthy)]
        }
        var rows = fu.byChannel.sorted { $0.group < $1.group }.map { row(code($0.group), $0) }
        if rows.isEmpty { paragraph(t.noChannelData) }
        var overall = fu.overall
        overall.healthy = fu.healthy
        rows.append(row(F.strong(t.allChannels), overall))
        rows.append(row(t.urgentLine, fu.urgent))
        table([t.channel, "n", t.mean, t.median, t.p90, t.thresholdColumn, t.healthyColumn], rows)

        heading(4, t.waitingTitle(fu.waiting.count))
        if !fu.waiting.isEmpty {
            paragraph(t.waitingIntro)
            let view = self
            capped(fu.waiting, header: [t.workOrder, t.channel, t.created(x(report.header.timeZone)), t.waited]) { w in
                [view.code(w.woID), view.x(w.channel), view.localTime(w.createdAt),
                 view.t.hours(NumberText.fixed(w.waitingMinutes / 60, 1))]
            }
        } else {
            paragraph(t.waitingNone)
        }
    }

    mutating func writeExecution() {
        let ex = report.current.execution
        heading(3, t.h2Title, intro: t.h2Intro)
        if ex.hours.n == 0 {
            bullets([t.notEnoughData(0)])
        } else {
            bullets([t.h2Line(ex.hours.n, hours(ex.hours.mean), hours(ex.hours.median), hours(ex.hours.p90)),
                     t.h2Baseline(hours(ex.baselineMeanHours), percent(ex.gain),
                                  "≥ " + NumberText.percent(report.thresholds.efficiencyGainMin))])
        }
    }

    mutating func writeUtilization() {
        let ut = report.current.utilization
        heading(3, t.h3Title, intro: t.h3Intro)
        let k = report.thresholds
        bullets([t.h3Line(ut.effectiveWorkOrders, ut.engineerDays,
                          figure(ut.perEngineerDay, n: ut.engineerDays) { NumberText.fixed($0, 1) },
                          ratio(ut.baselinePerEngineerDay), percent(ut.gain),
                          t.h3Threshold(NumberText.fixed(k.utilizationPerEngineerDay, 1),
                                        NumberText.percent(k.utilizationGainMin)))])
    }

    mutating func writeRecurrence() {
        let rc = report.current.recurrence
        heading(3, t.v1Title, intro: t.v1Intro(report.thresholds.recurrenceDays))
        bullets([t.v1Line(rc.n, rc.repeats, figure(rc.rate, n: rc.n, NumberText.percent))])
        if rc.worstCustomers.isEmpty && rc.worstFaultCodes.isEmpty {
            paragraph(t.noRepeats)
            return
        }
        for (title, key, list) in [(t.worstCustomers, t.customer, rc.worstCustomers),
                                   (t.worstFaultCodes, t.faultCode, rc.worstFaultCodes)] where !list.isEmpty {
            paragraph(F.strong(title))
            table([key, t.orders, t.repeats], list.map { [code($0.key), String($0.orders), String($0.repeats)] })
        }
    }

    // MARK: Trend

    /// "Is it getting better?": the trend table, oldest period first, and its charts.
    mutating func writeTrend() {
        let trend = report.trend
        guard !trend.isEmpty else { return }
        heading(2, t.trendTitle(trend.count),
                intro: t.trendIntro(trend.count, trend[0].period.lastDay.days(since: trend[0].period.firstDay) + 1))
        table([t.periodEnding, "H1", "H2", "H3", "V1", t.backlogColumn], trend.map { p in
            [p.period.lastDay.description,
             judged(p.firstUpdate.overall.minutes.mean.map { t.minutes(NumberText.fixed($0, 1)) }, p.firstUpdate.healthy),
             judged(p.execution.hours.mean.map { t.hours(NumberText.fixed($0, 1)) }
                    .map { $0 + (p.execution.gain.map { t.parenthesized(t.h2GainNote(NumberText.percent($0))) } ?? "") },
                    p.execution.healthy),
             judged(p.utilization.perEngineerDay.map { NumberText.fixed($0, 1) }, p.utilization.healthy),
             judged(p.recurrence.rate.map(NumberText.percent), p.recurrence.healthy),
             p.standard.backlogEngineerDays.map { NumberText.fixed($0, 1) } ?? t.unknown]
        })
        for (index, file) in SVGChart.trendFiles.enumerated() {
            output += F.chart(title: trendChartTitles[index], file: file, svg: chartSVG(file))
        }
    }

    /// The trend charts' titles, in `SVGChart.trendFiles` order.
    var trendChartTitles: [String] {
        [t.trendFirstUpdateChart, t.trendExecutionChart, t.trendUtilizationChart, t.trendRecurrenceChart,
         t.trendBacklogChart]
    }

    /// A figure with its verdict (`7.7 min ✅`), or "—" without data.
    func judged(_ value: String?, _ healthy: Bool?) -> String {
        guard let value else { return t.unknown }
        return healthy == nil ? value : value + " " + verdict(healthy)
    }

    // MARK: Standard KPIs

    mutating func writeStandard() {
        let s = report.current.standard
        heading(2, t.standardTitle, intro: t.standardIntro)
        // (name, value or nil, sample size, sample-size text, formula)
        let items: [(String, String?, Int, String, String)] = [
            (t.mtbfName, s.mtbfHours.map { t.hours(NumberText.fixed($0, 1)) }, s.failures, t.mtbfN(s.failures),
             t.mtbfFormula),
            (t.mttrName, s.mttrHours.map { t.hours(NumberText.fixed($0, 1)) }, s.repairs, t.mttrN(s.repairs),
             t.mttrFormula),
            (t.pmName, s.pmCompliance.map(NumberText.percent), s.pmDue, t.pmN(s.pmDue, s.pmOnTime), t.pmFormula),
            (t.backlogName, s.backlogEngineerDays.map { t.backlogValue(NumberText.fixed($0, 1)) }, s.openOrders,
             t.backlogN(s.openOrders), t.backlogFormula),
        ]
        bullets(items.map { name, value, n, nText, formula in
            let figure = value.map { $0 + t.parenthesized(nText) } ?? t.notEnoughData(n)
            return F.strong(name) + t.colon + figure + F.lineBreak + t.formula + t.colon + formula
        })
    }

    // MARK: Stuck stages

    mutating func writeStuckStages() {
        let stages = report.current.stuckStages
        heading(2, t.stuckTitle, intro: t.stuckIntro)
        guard !stages.isEmpty else {
            paragraph(t.noStuck)
            return
        }
        table([t.rank, t.status, t.count, t.mean, t.p90, t.total], stages.prefix(5).enumerated().map { i, s in
            [String(i + 1), code(s.status), String(s.count), hours(s.meanHours), hours(s.p90Hours), hours(s.totalHours)]
        })
    }

    // MARK: Closure audit

    mutating func writeClosureAudit() {
        heading(2, t.closureTitle, intro: t.closureIntro)
        let falseClosures = report.sortedFalseClosures
        heading(3, t.falseClosuresTitle(falseClosures.count))
        if !falseClosures.isEmpty {
            paragraph(t.falseClosuresIntro)
            let view = self
            capped(falseClosures, header: [t.workOrder, t.closedAt, t.missing]) { e in
                [view.code(e.woID), e.closedAt.map(view.localTime) ?? view.t.unknown,
                 view.x(e.missing.map(view.t.statusName).joined(separator: view.t.listSeparator))]
            }
        }
        let complete = report.sortedCompleteNotClosed
        heading(3, t.completeTitle(complete.count))
        if !complete.isEmpty {
            paragraph(t.completeIntro)
            paragraph(complete.prefix(MarkdownReport.listCap).map { F.lineCode($0.woID) }.joined(separator: t.listSeparator))
            if complete.count > MarkdownReport.listCap { paragraph(t.andMore(complete.count - MarkdownReport.listCap)) }
        }
    }

    // MARK: Tonight

    mutating func writeTonight() {
        let orders = report.sortedWorkOrders
        heading(2, t.preventiveTitle(orders.count), intro: t.preventiveIntro)
        if orders.isEmpty {
            paragraph(t.noneTonight)
        } else {
            table([t.id, t.rule, t.asset, t.site, t.evidence, t.action, t.priority, t.engineer, t.due], orders.map { o in
                [code(o.id), x(o.ruleID), x(o.assetID), x(o.siteID), x(evidence(o.evidence)), x(o.action), x(o.priority),
                 o.engineerID.isEmpty ? t.noEngineer : x(o.engineerID), o.dueDate.description]
            })
        }

        let late = orders.filter { !$0.lateInput.isEmpty }
        if !late.isEmpty {
            heading(3, t.lateTitle(late.count), intro: t.lateIntro)
            table([t.id, t.rule, t.asset, t.lateInput], late.map { o in
                [code(o.id), x(o.ruleID), x(o.assetID), x(o.lateInput)]
            })
        }

        let requests = report.sortedRequests
        heading(3, t.requestsTitle(requests.count), intro: t.requestsIntro)
        if requests.isEmpty {
            paragraph(t.noneTonight)
        } else {
            table([t.id, "WD", t.part, t.batch, t.quantity, t.stock, t.shortfall, t.neededBy], requests.map { r in
                [code(r.id), code(r.workOrderID), x(r.partNumber), x(r.batchCode), String(r.quantity), String(r.stockOnHand),
                 String(r.shortfall), r.neededBy.description]
            })
        }

        let suppressed = report.sortedSuppressed
        heading(3, t.suppressedTitle(suppressed.count), intro: t.suppressedIntro)
        if suppressed.isEmpty {
            paragraph(t.noneTonight)
        } else {
            table([t.rule, t.asset, t.blockingOrder, t.evidence], suppressed.map { s in
                [x(s.ruleID), x(s.assetID), code(s.blockingID), x(evidence(s.evidence))]
            })
        }

        let unassigned = report.ordersWithoutEngineer
        heading(3, t.unassignedTitle(unassigned.count), intro: t.unassignedIntro)
        if unassigned.isEmpty {
            paragraph(t.noneTonight)
        } else {
            table([t.id, t.rule, t.asset, t.site, t.skill], unassigned.map { o in
                [code(o.id), x(o.ruleID), x(o.assetID), x(o.siteID), x(o.skill)]
            })
        }
    }

    // MARK: Active rules

    /// The rule table right after tonight's orders: its figures count those orders, and a rule that cannot
    /// fire explains an order that is missing from them.
    mutating func writeActiveRules() {
        let rules = report.activeRules
        heading(2, t.activeRulesTitle(rules.count), intro: t.activeRulesIntro)
        guard !rules.isEmpty else {
            paragraph(t.noRules)
            return
        }
        table([t.rule, t.condition, t.firedTonight, t.firedInPeriod, t.suppressedInPeriod, t.note], rules.map { r in
            [x(r.ruleID), conditionText(r.condition), String(r.firedTonight), String(r.firedInPeriod),
             String(r.suppressedInPeriod), noteText(r)]
        })
    }

    /// The condition in words, names as code.
    func conditionText(_ condition: ActiveRule.Condition) -> String {
        switch condition {
        case .alerts(let codes, let window, let moreThan):
            let windowText = switch window {
            case .calendarMonth: t.calendarMonth
            case .rolling(let days): t.rollingDays(days)
            }
            return t.alertCondition(codes.map(code).joined(separator: t.orSeparator), windowText, moreThan)
        case .age(let type, let minAge):
            return t.ageCondition(code(type), t.age(minAge))
        case .batchAge(let type, let minAge, let minCount):
            return t.batchAgeCondition(minCount, code(type), t.age(minAge))
        }
    }

    /// Why the rule cannot fire (each name that never occurs, with suggestions), or that it was not checked.
    func noteText(_ rule: ActiveRule) -> String {
        guard let unknown = rule.cannotFire else {
            return rule.ruleKind == .alert ? t.codesUnchecked : t.componentTypesUnchecked
        }
        return unknown.map { u in
            let what = u.kind == .code ? t.codeNeverOccurs(code(u.name)) : t.componentTypeNeverOccurs(code(u.name))
            let hint = u.suggestions.isEmpty ? t.nothingClose : t.didYouMean(u.suggestions.map(code))
            return what + t.clauseSeparator + hint
        }.joined(separator: t.clauseSeparator)
    }

    // MARK: Fleet health

    mutating func writeFleetHealth() {
        let fleet = report.fleetHealth
        heading(2, t.fleetTitle, intro: t.fleetIntro)
        heading(3, t.topAssetsTitle)
        if fleet.topAssets.isEmpty {
            paragraph(t.noAlerts)
        } else {
            table([t.asset, t.site, t.alerts, t.topCode], fleet.topAssets.map { a in
                [x(a.assetID), x(a.siteID), String(a.alerts),
                 a.topCode.isEmpty ? t.unknown : code(a.topCode) + t.parenthesized(String(a.topCodeAlerts))]
            })
        }
        heading(3, t.agingTitle)
        if fleet.agingComponents.isEmpty {
            paragraph(t.noAging)
        } else {
            table([t.asset, t.slot, t.componentType, t.installed, t.ageDays, t.limitDays, t.daysLeft, t.openOrder],
                  fleet.agingComponents.map { c in
                      [x(c.assetID), x(c.slot), x(c.componentType), c.installedOn.description, String(c.ageDays),
                       String(c.limitDays), String(c.daysLeft), c.coveringOrderID.map(code) ?? t.noOpenOrder]
                  })
        }
    }

    // MARK: Data quality

    mutating func writeDataQuality() {
        let night = report.dataQuality.night, all = report.dataQuality.toDate
        heading(2, t.qualityTitle, intro: t.qualityIntro)
        var rows: [[String]] = [
            [t.filesRead, String(night.files), String(all.files)],
            [t.rowsRead, String(night.rows), String(all.rows)],
            [t.quarantinedRows, String(night.quarantinedTotal), String(all.quarantinedTotal)],
        ]
        let reasons = Set(night.sortedQuarantined.map(\.reason)).union(all.sortedQuarantined.map(\.reason)).sorted()
        func count(_ s: DataQualitySummary, _ r: QuarantineReason) -> Int {
            s.quarantined.filter { $0.reason == r }.reduce(0) { $0 + $1.count }
        }
        for reason in reasons {
            let name = t.quarantineReason(reason).map { $0 + t.parenthesized(code(reason.rawValue)) }
                ?? code(reason.rawValue)
            rows.append(["· " + name, String(count(night, reason)), String(count(all, reason))])
        }
        rows.append([t.duplicatesSkipped, String(night.duplicatesSkipped), String(all.duplicatesSkipped)])
        rows.append([t.filesRejected, String(night.rejectedFiles.count), String(all.rejectedFiles.count)])
        table([" ", t.tonightDrop, t.toDate], rows)

        let rejected = all.sortedRejected
        if !rejected.isEmpty {
            paragraph(F.strong(t.rejectedTitle))
            table([t.file, t.problem], rejected.map { [code($0.path), x($0.message)] })
        }
        let unmapped = all.sortedUnmapped
        if !unmapped.isEmpty {
            paragraph(F.strong(t.unmappedTitle))
            table([t.status, t.events], unmapped.map { [code($0.status), String($0.count)] })
        }
    }

    // MARK: Charts

    mutating func writeCharts() {
        heading(2, t.chartsTitle, intro: t.chartsIntro)
        let names = [(t.chartFirstUpdate, SVGChart.firstUpdateFile), (t.chartClosures, SVGChart.closuresFile),
                     (t.chartAlerts, SVGChart.alertsFile)]
        for (title, file) in names { output += F.chart(title: title, file: file, svg: chartSVG(file)) }
    }

    /// What a replay on a fresh state needs (only when the state recorded its first night).
    mutating func writeReplay() {
        guard let first = report.header.firstNight else { return }
        heading(2, t.replayTitle)
        paragraph(t.replayText(report.header.asOf.description, first.description, F.lineText(report.header.rulesDigest)))
    }
}
