import PMBatchCore

extension SearchReport {
    /// `search.json`: the periods, the options, every candidate rule, every evaluated set (its rule IDs and
    /// skills, training and validation figures as in `backtest.json`, front and overfitting flags, objective),
    /// the index of the recommended set and the given rules' figures.
    public static func json(_ r: SearchResult) -> String {
        var options: [(String, JSONValue)] = [
            ("beam_width", .int(r.options.beamWidth)), ("max_rules", .int(r.options.maxRules)),
            ("shortlist", .int(r.options.shortlist)), ("max_codes", .int(r.options.maxCodes)),
            ("overfit_drop", .double(r.options.overfitDrop)),
        ]
        if let cost = r.options.cost {
            options.append(("cost_missed", .double(cost.missed)))
            options.append(("cost_alarm", .double(cost.alarm)))
        }
        return JSONValue.object([
            ("from", .string(r.from.description)),
            ("validate_from", .string(r.validateFrom.description)),
            ("to", .string(r.to.description)),
            ("horizon_days", .int(r.horizonDays)),
            ("assets", .int(r.assetCount)),
            ("method", .string("beam")),
            ("objective", .string(r.options.cost == nil ? "f1" : "expected_cost")),
            ("options", .object(options)),
            ("recommended", r.recommended.map { .int($0) } ?? .null),
            ("given_rules", .object([("training", BacktestReport.score(r.given.training)),
                                     ("validation", BacktestReport.score(r.given.validation))])),
            ("candidates", .array(r.candidates.map(candidate))),
            ("sets", .array(r.sets.enumerated().map { i, set in
                let rules = r.rules(of: set)
                return .object([
                    ("index", .int(i)),
                    ("rules", .strings(set.members.map { r.candidates[$0].id })),
                    ("skills", .strings(rules.map(skill))),
                    ("training", BacktestReport.score(set.training)),
                    ("validation", BacktestReport.score(set.validation)),
                    ("objective", .double(r.objective(set))),
                    ("pareto_front", .bool(set.paretoOptimal)),
                    ("overfitted", .bool(r.isOverfitted(set))),
                    ("redundant", .bool(set.redundant)),
                ])
            })),
        ]).document()
    }

    static func candidate(_ c: SearchCandidate) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(c.id)), ("kind", .string(c.kind.rawValue))]
        switch c.condition {
        case .alerts(let codes, let window, let moreThan):
            members += [("codes", .strings(codes)), ("window", .string(window.description)),
                        ("more_than", .int(moreThan))]
        case .age(let type, let days):
            members += [("component_type", .string(type)), ("min_age_days", .int(days))]
        case .batchAge(let type, let days, let count):
            members += [("component_type", .string(type)), ("min_age_days", .int(days)), ("min_count", .int(count))]
        }
        return .object(members)
    }
}
