import PMBatchCore

extension BacktestReport {
    /// `backtest.json`: SPEC §5's keys in its order, then additions (`assets`, `time_zone`,
    /// `missed_failures`; per sweep point `threshold_name`, `pareto_front` and `overall`).
    public static func json(_ r: BacktestResult) -> String {
        JSONValue.object([
            ("from", .string(r.from.description)),
            ("to", .string(r.to.description)),
            ("horizon_days", .int(r.horizonDays)),
            ("overall", score(r.overall)),
            ("rules", .object(r.rules.map { ($0.id, score($0.score)) })),
            ("sweep", .array(r.sweep.map { p in
                .object([("rule", .string(p.ruleID)), ("threshold", .int(p.threshold))] + members(p.score)
                    + [("threshold_name", .string(p.thresholdName)), ("pareto_front", .bool(p.paretoOptimal)),
                       ("overall", score(p.overall))])
            })),
            ("assets", .int(r.assetCount)),
            ("time_zone", .string(r.zone)),
            ("missed_failures", .array(r.overall.missed.map { f in
                .object([("asset_id", .string(f.assetID)), ("ts", .string(f.ts.description)),
                         ("slot", .string(f.slot)), ("fault_code", .string(f.faultCode))])
            })),
        ]).document()
    }

    static func score(_ s: BacktestScore) -> JSONValue { .object(members(s)) }

    static func members(_ s: BacktestScore) -> [(String, JSONValue)] {
        [("failures", .int(s.failures)), ("caught", .int(s.caught)), ("recall", .number(s.recall)),
         ("alarms", .int(s.alarms)), ("true_alarms", .int(s.trueAlarms)), ("precision", .number(s.precision)),
         ("alarms_per_asset_month", .number(s.alarmsPerAssetMonth)),
         ("lead_time_hours", .object([("min", .number(s.leadTimeHours.min)),
                                      ("median", .number(s.leadTimeHours.median)),
                                      ("p90", .number(s.leadTimeHours.p90))]))]
    }
}
