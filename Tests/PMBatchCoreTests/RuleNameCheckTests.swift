import PMBatchCore
import Testing

@Suite("Rule names: edit distance, suggestions, rules that cannot fire")
struct RuleNameCheckTests {
    @Test("edit distance, worked by hand", arguments: [
        // kitten → sitten (k→s) → sittin (e→i) → sitting (+g): 3.
        ("kitten", "sitting", 3),
        // "…dealy" → "…delay": swap the adjacent a and l: one transposition (plain Levenshtein: 2).
        ("door_open_dealy", "door_open_delay", 1),
        ("brake_pda", "brake_pad", 1),
        // Case does not count.
        ("Door_Open_Delay", "door_open_delay", 0),
        // eror1 → error1: insert r: 1; → error2: insert r, 1→2: 2.
        ("eror1", "error1", 1),
        ("eror1", "error2", 2),
        // ca → abc: optimal string alignment does not edit the swapped pair again: 3 (true Damerau: 2).
        ("ca", "abc", 3),
        ("", "abc", 3),
        ("abc", "", 3),
        ("same", "same", 0),
    ])
    func distance(a: String, b: String, expected: Int) {
        #expect(RuleNameCheck.distance(a, b) == expected)
        #expect(RuleNameCheck.distance(b, a) == expected)
    }

    @Test("how far a suggestion may be: max(2, length / 4), never the whole name", arguments: [
        ("door_open_dealy", 3),  // 15 characters: 15 / 4 = 3
        ("brake_pda", 2),  // 9 / 4 = 2
        ("a_twenty_char_name__", 5),  // 20 / 4 = 5
        ("eror1", 2),  // 5 / 4 = 1 → at least 2
        ("F1", 1),  // at least 2, but not both characters
        ("x", 0),
    ])
    func maximumDistance(name: String, expected: Int) {
        #expect(RuleNameCheck.maximumDistance(for: name) == expected)
    }

    @Test("suggestions: nearest first, ties by name, at most 3, none when nothing is close")
    func suggestions() {
        let errors = ["error5", "error4", "error3", "error2", "error1"]
        // error1 at 1; error2…error5 at 2 (≤ 2): the nearest, then the first two of the ties by name.
        #expect(RuleNameCheck.suggestions(for: "eror1", among: errors) == ["error1", "error2", "error3"])
        #expect(RuleNameCheck.suggestions(for: "door_open_dealy", among: ["door_reopen", "door_open_delay"])
            == ["door_open_delay"])
        #expect(RuleNameCheck.suggestions(for: "Door_Open_Delay", among: ["door_open_delay"]) == ["door_open_delay"])
        #expect(RuleNameCheck.suggestions(for: "vibration_high", among: ["door_open_delay", "encoder"]).isEmpty)
        // F1 → F2 is 1 (allowed), F1 → G3 is 2 (the whole name).
        #expect(RuleNameCheck.suggestions(for: "F1", among: ["G3", "F2"]) == ["F2"])
        // brake_pda → brake_pad: 1; → brakes_pad: insert s, swap d/a: 2; → brake_disc: p→d, d→i, a→s, +c: 4 > 2.
        #expect(RuleNameCheck.suggestions(for: "brake_pda", among: ["brakes_pad", "brake_disc", "brake_pad"])
            == ["brake_pad", "brakes_pad"])
    }

    static let rules = RuleSet(
        alertRules: [
            AlertRule(id: "door-open-delay", codes: ["door_open_dealy", "door_reopen", "door_open_dealy"],
                      window: .calendarMonth, moreThan: 5, work: RuleAction()),
            AlertRule(id: "overload", codes: ["Overload"], window: .rolling(days: 7), moreThan: 2, work: RuleAction()),
        ],
        ageRules: [AgeRule(id: "brake-pad-age", componentType: "brake_pda", minAge: DayCount(days: 1095),
                           work: RuleAction())],
        batchAgeRules: [BatchAgeRule(id: "encoder-batch", componentType: "encoder", minAge: DayCount(days: 1825),
                                     minCount: 3, work: RuleAction())])

    @Test("a rule lists each of its names that never occurs, in its order, once; matching is exact")
    func cannotFire() {
        let findings = RuleNameCheck.check(Self.rules, knownCodes: ["door_open_delay", "door_reopen", "overload"],
                                           knownComponentTypes: ["brake_pad", "encoder"])
        #expect(findings.map(\.ruleID) == ["door-open-delay", "overload", "brake-pad-age", "encoder-batch"])
        #expect(findings.map(\.ruleKind) == [.alert, .alert, .age, .batchAge])
        #expect(findings[0].unknownNames == [
            UnknownRuleName(kind: .code, name: "door_open_dealy", suggestions: ["door_open_delay"]),
        ])
        // `Overload` counts no `overload` alert: it cannot fire, and the case-insensitive match suggests it.
        #expect(findings[1].unknownNames == [UnknownRuleName(kind: .code, name: "Overload", suggestions: ["overload"])])
        #expect(findings[2].unknownNames == [
            UnknownRuleName(kind: .componentType, name: "brake_pda", suggestions: ["brake_pad"]),
        ])
        #expect(findings[3].unknownNames == [])
        #expect(findings.map(\.hasUnknownNames) == [true, true, true, false])
    }

    @Test("with no telemetry (or no installation) at all, the names are not checked rather than all flagged")
    func nothingToCheckAgainst() {
        let noTelemetry = RuleNameCheck.check(Self.rules, knownCodes: [], knownComponentTypes: ["encoder"])
        #expect(noTelemetry.map(\.unknownNames?.count) == [nil, nil, 1, 0])
        let noComponents = RuleNameCheck.check(Self.rules, knownCodes: ["door_reopen"], knownComponentTypes: [])
        #expect(noComponents.map(\.unknownNames?.count) == [1, 1, nil, nil])
        #expect(noComponents.map(\.nameKind) == [.code, .code, .componentType, .componentType])
    }
}
