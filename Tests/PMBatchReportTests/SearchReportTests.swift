import Foundation
@testable import PMBatchCore
@testable import PMBatchReport
import Testing

private func day(_ text: String) -> LocalDate { LocalDate(text)! }

private func score(failures: Int, caught: Int, alarms: Int, trueAlarms: Int, rate: Double?, leads: [Double])
    -> BacktestScore
{
    BacktestScore(failures: failures, caught: caught, alarms: alarms, trueAlarms: trueAlarms, alarmsPerAssetMonth: rate,
                  leadTimeHours: LeadTimeSummary(hours: leads), missed: [])
}

/// A hand-made search result: three candidates (one with a hostile code), four sets.
/// - set 0, `a|<b>-1d-gt1` alone: training 2/3 caught, 2 alarms both true; validation 1/2, 1 alarm true.
/// - set 1, `c-1d-gt0` alone: training 1/3, 1 alarm; validation 0/2, 3 alarms, none true — overfitted.
/// - set 2, both with a skill each: training 3/3, 3 alarms; validation 2/2, 2 alarms — recommended (◆).
/// - set 3, the first with the age rule sharing its skill: redundant, never on the front.
private let result: SearchResult = {
    let candidates = [
        SearchCandidate(id: "a|<b>-1d-gt1", condition: .alerts(codes: ["a|<b>"], window: .rolling(days: 1), moreThan: 1),
                        family: "a|<b>-1d"),
        SearchCandidate(id: "c-1d-gt0", condition: .alerts(codes: ["c"], window: .rolling(days: 1), moreThan: 0),
                        family: "c-1d"),
        SearchCandidate(id: "age-pump-120d", condition: .age(componentType: "pump", minAgeDays: 120), family: "age-pump"),
    ]
    let sets = [
        SearchedSet(members: [0], skillOf: [0],
                    training: score(failures: 3, caught: 2, alarms: 2, trueAlarms: 2, rate: 0.387, leads: [12, 12]),
                    validation: score(failures: 2, caught: 1, alarms: 1, trueAlarms: 1, rate: 0.214, leads: [12]),
                    paretoOptimal: true),
        SearchedSet(members: [1], skillOf: [0],
                    training: score(failures: 3, caught: 1, alarms: 1, trueAlarms: 1, rate: 0.194, leads: [36]),
                    validation: score(failures: 2, caught: 0, alarms: 3, trueAlarms: 0, rate: 0.643, leads: []),
                    paretoOptimal: true),
        SearchedSet(members: [0, 1], skillOf: [0, 1],
                    training: score(failures: 3, caught: 3, alarms: 3, trueAlarms: 3, rate: 0.581, leads: [12, 12, 36]),
                    validation: score(failures: 2, caught: 2, alarms: 2, trueAlarms: 2, rate: 0.429, leads: [12, 12]),
                    paretoOptimal: true),
        SearchedSet(members: [0, 2], skillOf: [0, 0],
                    training: score(failures: 3, caught: 2, alarms: 4, trueAlarms: 2, rate: 0.774, leads: [12, 12]),
                    validation: score(failures: 2, caught: 1, alarms: 3, trueAlarms: 1, rate: 0.643, leads: [12]),
                    redundant: true),
    ]
    let given = score(failures: 3, caught: 2, alarms: 5, trueAlarms: 2, rate: 0.968, leads: [12, 12])
    return SearchResult(from: day("2026-01-01"), validateFrom: day("2026-02-01"), to: day("2026-02-28"), horizonDays: 7,
                        assetCount: 5, options: SearchOptions(validateFrom: day("2026-02-01")), candidates: candidates,
                        sets: sets, recommended: 2, given: (given, given))
}()

@Suite("Search report")
struct SearchReportTests {
    @Test("search.md, search.json and the front chart against reviewed golden files")
    func golden() throws {
        try GoldenFile.check(SearchReport.markdown(result), against: "search.md")
        try GoldenFile.check(SearchReport.json(result), against: "search.json")
        try GoldenFile.check(SearchReport.chart(result), against: "search_front.svg")
    }

    @Test("the front is listed by alarm rate; the recommended set is marked, the overfitted one flagged")
    func marks() {
        #expect(SearchReport.front(result) == [1, 0, 2])
        let md = SearchReport.markdown(result)
        #expect(md.contains("| a\\|&lt;b&gt;-1d-gt1 + c-1d-gt0 | 2 | 100.0% | 100.0% | 0.581 | 100.0% | 100.0% | 0.429 | 12.0 | ◆ |"))
        #expect(md.contains("| c-1d-gt0 | 1 | 33.3% | 100.0% | 0.194 | 0.0% | 0.0% | 0.643 | — | ⚠ |"))
        #expect(!md.contains("age-pump-120d |"))  // redundant: not on the front
        #expect(md.contains("F1 1.000 on the training nights"))
        let svg = SearchReport.chart(result)
        #expect(!svg.contains("<b>"))
    }

    @Test("the rules file's comments carry the set's figures and each rule's own")
    func tomlComments() {
        let comments = SearchReport.tomlComments(result)
        #expect(comments.header.contains("Training 2026-01-01 to 2026-01-31: recall 100.0% (3/3), precision 100.0% (3/3), "
            + "0.581 alarms/asset-month, median lead 12.0 h."))
        #expect(comments.rules["c-1d-gt0"] == ["Fires on more than 0 c alerts in 1 day.",
                                               "Alone, training: recall 33.3% (1/3), precision 100.0% (1/1), "
                                                   + "0.194 alarms/asset-month, median lead 36.0 h."])
    }
}
