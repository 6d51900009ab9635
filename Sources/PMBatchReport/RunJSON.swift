import PMBatchCore

/// Renders `run.json` (SPEC §4): the night's figures for machines.
///
/// Keys are those of the SPEC example in that order, plus: `status`, `program_version`, `rules_digest`,
/// `time_zone`, `language`, `previous_period`, `baseline_period`, `data_seen`, the urgent line, medians and
/// p90s, `waiting_orders`, `standard` KPIs, `previous_kpis`, `baseline_kpis`, closure-audit details,
/// `orders_without_engineer`, `fleet_health`, the night's data quality and `active_rules` (after
/// `spare_part_requests`, as the report shows them after tonight's orders), `trends` (the last periods,
/// oldest first, each with the figures its verdicts rest on and the backlog), the utilization `gain` and each
/// ageing component's covering `open_order`. Durations are in the unit the key names; a missing figure is
/// `null` and an unknown verdict `"healthy": null`.
public enum RunJSON {
    /// The JSON text: 2-space indent, fixed key order, trailing newline.
    public static func render(_ report: NightReport) -> String {
        let h = report.header
        var members: [(String, JSONValue)] = [
            ("as_of", .string(h.asOf.description)),
            ("period", period(report.current.period)),
            ("exit_code", .int(report.exitCode)),
            ("status", .string(report.status)),
            ("kpis", kpis(report.current, details: true)),
            ("stuck_stages", .array(report.current.stuckStages.prefix(5).map(stuckStage))),
            ("closure_audit", closureAudit(report)),
            ("preventive_work_orders", .array(report.sortedWorkOrders.map(workOrder))),
            ("suppressed", .array(report.sortedSuppressed.map(suppressed))),
            ("spare_part_requests", .array(report.sortedRequests.map(request))),
            ("active_rules", .array(report.activeRules.map(activeRule))),
        ]
        var quality = dataQuality(report.dataQuality.toDate)
        quality.append(("night", .object(dataQuality(report.dataQuality.night))))
        members.append(("data_quality", .object(quality)))
        members += [
            ("orders_without_engineer", .strings(report.ordersWithoutEngineer.map(\.id))),
            ("fleet_health", fleetHealth(report.fleetHealth)),
            ("previous_period", period(report.previous.period)),
            ("baseline_period", report.baseline.map { period($0.period) } ?? .null),
            ("previous_kpis", kpis(report.previous, details: false)),
            ("baseline_kpis", report.baseline.map { kpis($0, details: false) } ?? .null),
            ("trends", .array(report.trend.map(trendPeriod))),
            ("data_seen", .object([
                ("files", .int(h.dataSeen.files)),
                ("rows", .int(h.dataSeen.rows)),
                ("assets", .int(h.dataSeen.assets)),
                ("work_orders", .int(h.dataSeen.workOrders)),
                ("events", .int(h.dataSeen.events)),
            ])),
            ("program_version", .string(h.programVersion)),
            ("rules_digest", .string(h.rulesDigest)),
            ("first_night", h.firstNight.map { .string($0.description) } ?? .null),
            ("time_zone", .string(h.timeZone)),
            ("language", .string(h.language.rawValue)),
        ]
        return JSONValue.object(members).document()
    }

    /// `run.json` of a night that waits for its data (`"status": "waiting_for_data"`): what is missing and
    /// since when, and no figures, so nothing claims health.
    public static func render(_ w: WaitingForData) -> String {
        JSONValue.object([
            ("as_of", .string(w.asOf.description)),
            ("exit_code", .int(w.exitCode)),
            ("status", .string(w.status)),
            ("message", .string(w.message)),
            ("waiting", .object([
                ("night", .string(w.night.description)),
                ("missing", .strings(w.missing)),
                ("newest_drop", .object(w.newestDrop.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.description)) })),
                ("rejected_files", .strings(w.rejectedFiles)),
            ])),
            ("nights_evaluated", .strings(w.nightsEvaluated.map(\.description))),
            ("first_night", .string(w.firstNight.description)),
            ("program_version", .string(w.programVersion)),
            ("rules_digest", .string(w.rulesDigest)),
            ("time_zone", .string(w.timeZone)),
        ]).document()
    }

    static func period(_ p: Period) -> JSONValue {
        .object([("from", .string(p.firstDay.description)), ("to", .string(p.lastDay.description))])
    }

    static func kpis(_ k: PeriodKPIs, details: Bool) -> JSONValue {
        let fu = k.firstUpdate
        var firstUpdate: [(String, JSONValue)] = [
            ("n", .int(fu.overall.minutes.n)),
            ("mean_minutes", .number(fu.overall.minutes.mean)),
            ("median_minutes", .number(fu.overall.minutes.median)),
            ("p90_minutes", .number(fu.overall.minutes.p90)),
            ("waiting", .int(fu.waiting.count)),
            ("healthy", .verdict(fu.healthy)),
            ("by_channel", .object(fu.byChannel.sorted { $0.group < $1.group }.map { ($0.group, group($0)) })),
            ("urgent", group(fu.urgent)),
        ]
        if details {
            firstUpdate.append(("waiting_orders", .array(fu.waiting.map { w in
                .object([
                    ("id", .string(w.woID)),
                    ("channel", .string(w.channel)),
                    ("created_at", .string(w.createdAt.description)),
                    ("waiting_minutes", .double(w.waitingMinutes)),
                ])
            })))
        }
        let ex = k.execution, ut = k.utilization, rc = k.recurrence, st = k.standard
        var recurrence: [(String, JSONValue)] = [
            ("n", .int(rc.n)),
            ("repeats", .int(rc.repeats)),
            ("rate", .number(rc.rate)),
            ("healthy", .verdict(rc.healthy)),
        ]
        if details {
            recurrence.append(("worst_customers", .array(rc.worstCustomers.map(offender))))
            recurrence.append(("worst_fault_codes", .array(rc.worstFaultCodes.map(offender))))
        }
        return .object([
            ("first_update", .object(firstUpdate)),
            ("execution", .object([
                ("n", .int(ex.hours.n)),
                ("mean_hours", .number(ex.hours.mean)),
                ("median_hours", .number(ex.hours.median)),
                ("p90_hours", .number(ex.hours.p90)),
                ("baseline_mean_hours", .number(ex.baselineMeanHours)),
                ("gain", .number(ex.gain)),
                ("healthy", .verdict(ex.healthy)),
            ])),
            ("utilization", .object([
                ("effective_work_orders", .int(ut.effectiveWorkOrders)),
                ("engineer_days", .int(ut.engineerDays)),
                ("per_engineer_day", .number(ut.perEngineerDay)),
                ("baseline_per_engineer_day", .number(ut.baselinePerEngineerDay)),
                ("gain", .number(ut.gain)),
                ("healthy", .verdict(ut.healthy)),
            ])),
            ("recurrence", .object(recurrence)),
            ("standard", .object([
                ("mtbf_hours", .number(st.mtbfHours)),
                ("failures", .int(st.failures)),
                ("mttr_hours", .number(st.mttrHours)),
                ("repairs", .int(st.repairs)),
                ("pm_compliance", .number(st.pmCompliance)),
                ("pm_due", .int(st.pmDue)),
                ("pm_on_time", .int(st.pmOnTime)),
                ("backlog_engineer_days", .number(st.backlogEngineerDays)),
                ("open_orders", .int(st.openOrders)),
            ])),
        ])
    }

    /// One period of the trend: its days and the figures each KPI's verdict and the backlog rest on.
    static func trendPeriod(_ k: PeriodKPIs) -> JSONValue {
        let fu = k.firstUpdate, ex = k.execution, ut = k.utilization, rc = k.recurrence
        return .object([
            ("from", .string(k.period.firstDay.description)),
            ("to", .string(k.period.lastDay.description)),
            ("first_update", .object([
                ("n", .int(fu.overall.minutes.n)),
                ("mean_minutes", .number(fu.overall.minutes.mean)),
                ("healthy", .verdict(fu.healthy)),
            ])),
            ("execution", .object([
                ("n", .int(ex.hours.n)),
                ("mean_hours", .number(ex.hours.mean)),
                ("baseline_mean_hours", .number(ex.baselineMeanHours)),
                ("gain", .number(ex.gain)),
                ("healthy", .verdict(ex.healthy)),
            ])),
            ("utilization", .object([
                ("engineer_days", .int(ut.engineerDays)),
                ("per_engineer_day", .number(ut.perEngineerDay)),
                ("baseline_per_engineer_day", .number(ut.baselinePerEngineerDay)),
                ("gain", .number(ut.gain)),
                ("healthy", .verdict(ut.healthy)),
            ])),
            ("recurrence", .object([
                ("n", .int(rc.n)),
                ("rate", .number(rc.rate)),
                ("healthy", .verdict(rc.healthy)),
            ])),
            ("backlog", .object([
                ("engineer_days", .number(k.standard.backlogEngineerDays)),
                ("open_orders", .int(k.standard.openOrders)),
            ])),
        ])
    }

    static func group(_ g: FirstUpdateGroup) -> JSONValue {
        .object([
            ("n", .int(g.minutes.n)),
            ("mean_minutes", .number(g.minutes.mean)),
            ("median_minutes", .number(g.minutes.median)),
            ("p90_minutes", .number(g.minutes.p90)),
            ("threshold_minutes", .number(g.thresholdMinutes)),
            ("healthy", .verdict(g.healthy)),
        ])
    }

    static func offender(_ o: RecurrenceOffender) -> JSONValue {
        .object([("key", .string(o.key)), ("orders", .int(o.orders)), ("repeats", .int(o.repeats))])
    }

    static func stuckStage(_ s: StuckStage) -> JSONValue {
        .object([
            ("status", .string(s.status)),
            ("count", .int(s.count)),
            ("mean_hours", .double(s.meanHours)),
            ("p90_hours", .double(s.p90Hours)),
            ("total_hours", .double(s.totalHours)),
        ])
    }

    static func closureAudit(_ report: NightReport) -> JSONValue {
        let falseClosures = report.sortedFalseClosures
        return .object([
            ("false_closures", .strings(falseClosures.map(\.woID))),
            ("complete_not_closed", .strings(report.sortedCompleteNotClosed.map(\.woID))),
            ("false_closure_details", .array(falseClosures.map { e in
                .object([
                    ("id", .string(e.woID)),
                    ("closed_at", e.closedAt.map { .string($0.description) } ?? .null),
                    ("missing", .strings(e.missing)),
                ])
            })),
        ])
    }

    static func workOrder(_ o: PreventiveWorkOrder) -> JSONValue {
        .object([
            ("id", .string(o.id)),
            ("rule", .string(o.ruleID)),
            ("rule_kind", .string(o.ruleKind.rawValue)),
            ("asset_id", .string(o.assetID)),
            ("site_id", .string(o.siteID)),
            ("customer_id", .string(o.customerID)),
            ("related_assets", .strings(o.relatedAssets)),
            ("skill", .string(o.skill)),
            ("evidence", .string(o.evidence)),
            ("action", .string(o.action)),
            ("priority", .string(o.priority)),
            ("engineer_id", o.engineerID.isEmpty ? .null : .string(o.engineerID)),
            ("due_date", .string(o.dueDate.description)),
            ("late_input", o.lateInput.isEmpty ? .null : .string(o.lateInput)),
        ])
    }

    static func suppressed(_ s: SuppressedTrigger) -> JSONValue {
        .object([
            ("rule", .string(s.ruleID)),
            ("asset_id", .string(s.assetID)),
            ("site_id", .string(s.siteID)),
            ("skill", .string(s.skill)),
            ("evidence", .string(s.evidence)),
            ("blocking_id", .string(s.blockingID)),
        ])
    }

    static func request(_ r: SparePartRequest) -> JSONValue {
        .object([
            ("id", .string(r.id)),
            ("work_order", .string(r.workOrderID)),
            ("part_number", .string(r.partNumber)),
            ("batch_code", .string(r.batchCode)),
            ("quantity", .int(r.quantity)),
            ("stock_on_hand", .int(r.stockOnHand)),
            ("shortfall", .int(r.shortfall)),
            ("needed_by", .string(r.neededBy.description)),
        ])
    }

    /// A rule with its figures; `cannot_fire` lists the names that never occur (`code` or `component_type`,
    /// with `suggestions`), and is null when they could not be checked (no telemetry or installation yet).
    static func activeRule(_ r: ActiveRule) -> JSONValue {
        .object([
            ("rule", .string(r.ruleID)),
            ("rule_kind", .string(r.ruleKind.rawValue)),
            ("watches", .strings(r.watchedNames)),
            ("fired_tonight", .int(r.firedTonight)),
            ("fired_in_period", .int(r.firedInPeriod)),
            ("suppressed_in_period", .int(r.suppressedInPeriod)),
            ("cannot_fire", r.cannotFire.map { names in
                .array(names.map { u in
                    .object([(u.kind.rawValue, .string(u.name)), ("suggestions", .strings(u.suggestions))])
                })
            } ?? .null),
        ])
    }

    static func dataQuality(_ q: DataQualitySummary) -> [(String, JSONValue)] {
        [
            ("files", .int(q.files)),
            ("rows", .int(q.rows)),
            ("quarantined", .int(q.quarantinedTotal)),
            ("rejected_files", .array(q.sortedRejected.map { f in
                .object([("file", .string(f.path)), ("message", .string(f.message))])
            })),
            ("quarantined_by_reason", .object(q.sortedQuarantined.map { ($0.reason.rawValue, .int($0.count)) })),
            ("unmapped_statuses", .object(q.sortedUnmapped.map { ($0.status, .int($0.count)) })),
            ("duplicates_skipped", .int(q.duplicatesSkipped)),
        ]
    }

    static func fleetHealth(_ f: FleetHealth) -> JSONValue {
        .object([
            ("top_assets", .array(f.topAssets.map { a in
                .object([
                    ("asset_id", .string(a.assetID)),
                    ("site_id", .string(a.siteID)),
                    ("alerts", .int(a.alerts)),
                    ("top_code", .string(a.topCode)),
                    ("top_code_alerts", .int(a.topCodeAlerts)),
                ])
            })),
            ("aging_components", .array(f.agingComponents.map { c in
                .object([
                    ("asset_id", .string(c.assetID)),
                    ("slot", .string(c.slot)),
                    ("component_type", .string(c.componentType)),
                    ("installed_on", .string(c.installedOn.description)),
                    ("age_days", .int(c.ageDays)),
                    ("limit_days", .int(c.limitDays)),
                    ("days_left", .int(c.daysLeft)),
                    ("open_order", c.coveringOrderID.map { .string($0) } ?? .null),
                ])
            })),
        ])
    }
}
