import PMBatchCore
import Testing

private let asOf = LocalDate("2026-11-24")!

private func alertRule(_ window: AlertWindow = .calendarMonth, skill: String = "door-system") -> AlertRule {
    AlertRule(id: "door-open-delay", codes: ["door_open_delay"], window: window, moreThan: 5,
              work: RuleAction(skill: skill, action: "Lubricate", priority: "normal", dueIn: DayCount(days: 7)))
}

private let assets = [
    Asset(assetID: "EL-1", siteID: "S-1", customerID: "C-1", region: "east"),
    Asset(assetID: "EL-2", siteID: "S-1", customerID: "C-1", region: "east"),
    Asset(assetID: "EL-3", siteID: "S-2", customerID: "C-2", region: "north"),
]

private func input(rules: RuleSet, counts: [String: [String: Int64]] = [:], components: [ComponentInstallation] = [],
                   engineers: [Engineer] = [], parts: [Part] = [], issued: [PreventiveWorkOrder] = [],
                   closed: Set<String> = [], night: LocalDate = asOf, lastWD: Int = 0) -> NightInputs {
    NightInputs(asOf: night, rules: rules, assets: assets, components: components, engineers: engineers, parts: parts,
                alertCounts: counts, issued: issued, closedIDs: closed, lastWorkOrderSequence: lastWD)
}

@Suite("Trigger planner")
struct TriggerPlannerTests {
    @Test("more_than 5: five alerts do not fire, six do")
    func alertThreshold() {
        let rules = RuleSet(alertRules: [alertRule()])
        let plan = TriggerPlanner.plan(input(rules: rules, counts: ["door-open-delay": ["EL-1": 5, "EL-2": 6]]))
        #expect(plan.workOrders.map(\.assetID) == ["EL-2"])
        let order = plan.workOrders[0]
        #expect(order.id == "WD2026112400001")
        #expect(order.evidence == "6 door_open_delay alerts in 2026-11, limit 5")
        #expect(order.dueDate == LocalDate("2026-12-01"))
        #expect(order.triggerKey == "door-open-delay|EL-2|2026-11")
        #expect(order.alertDays == LocalDate("2026-11-01")!..<LocalDate("2026-11-25")!)
    }

    @Test("windows: calendar month up to the as-of day, rolling N days ending with it")
    func windows() {
        #expect(AlertWindow.calendarMonth.days(asOf: LocalDate("2026-12-01")!)
                == LocalDate("2026-12-01")!..<LocalDate("2026-12-02")!)
        #expect(AlertWindow.rolling(days: 7).days(asOf: asOf) == LocalDate("2026-11-18")!..<LocalDate("2026-11-25")!)
    }

    @Test("IDs follow (rule id, site id, asset id) and continue from the last issued sequence")
    func idOrder() {
        let age = AgeRule(id: "a-brake", componentType: "brake_pad", minAge: DayCount(days: 100),
                          work: RuleAction(skill: "brake"))
        let rules = RuleSet(alertRules: [alertRule(skill: "")], ageRules: [age])
        let components = [
            ComponentInstallation(assetID: "EL-3", slot: "bp", componentType: "brake_pad", installedOn: asOf.adding(days: -200)),
            ComponentInstallation(assetID: "EL-1", slot: "bp", componentType: "brake_pad", installedOn: asOf.adding(days: -200)),
        ]
        let plan = TriggerPlanner.plan(input(rules: rules, counts: ["door-open-delay": ["EL-3": 9, "EL-1": 7]],
                                             components: components, lastWD: 4))
        #expect(plan.workOrders.map(\.id) == ["WD2026112400005", "WD2026112400006", "WD2026112400007",
                                              "WD2026112400008"])
        #expect(plan.workOrders.map(\.ruleID) == ["a-brake", "a-brake", "door-open-delay", "door-open-delay"])
        #expect(plan.workOrders.map(\.assetID) == ["EL-1", "EL-3", "EL-1", "EL-3"])
    }

    @Test("age rule fires at exactly the limit, not a day before; only the current installation counts")
    func ageBoundary() {
        let rule = AgeRule(id: "brake-pad-age", componentType: "brake_pad", minAge: DayCount(parsing: "3y")!,
                           work: RuleAction(skill: "brake-system"))
        let rules = RuleSet(ageRules: [rule])
        let exactly = ComponentInstallation(assetID: "EL-1", slot: "bp", componentType: "brake_pad",
                                            installedOn: asOf.adding(days: -1095), partNumber: "P-BP")
        let dayShort = ComponentInstallation(assetID: "EL-2", slot: "bp", componentType: "brake_pad",
                                             installedOn: asOf.adding(days: -1094))
        let replacedOld = ComponentInstallation(assetID: "EL-3", slot: "bp", componentType: "brake_pad",
                                                installedOn: asOf.adding(days: -2000))
        let replacement = ComponentInstallation(assetID: "EL-3", slot: "bp", componentType: "brake_pad",
                                                installedOn: asOf.adding(days: -10))
        let future = ComponentInstallation(assetID: "EL-2", slot: "bp", componentType: "brake_pad",
                                           installedOn: asOf.adding(days: 1))
        let plan = TriggerPlanner.plan(input(
            rules: rules, components: [exactly, dayShort, replacedOld, replacement, future],
            parts: [Part(partNumber: "P-BP", stockOnHand: 0, leadTimeDays: 14)]))
        #expect(plan.workOrders.map(\.assetID) == ["EL-1"])
        #expect(plan.workOrders[0].evidence.contains("is 1095 days old, limit 3y"))
        #expect(plan.requests.count == 1)
        #expect(plan.requests[0].workOrderID == "WD2026112400001")
        #expect(plan.requests[0].id == "PR2026112400001")
        #expect(plan.requests[0].shortfall == 1)
        #expect(plan.requests[0].neededBy == LocalDate("2026-12-08"))
    }

    @Test("batch rule: two aged encoders of a batch at a site do not fire, three do", arguments: [2, 3])
    func batchBoundary(aged: Int) {
        let rule = BatchAgeRule(id: "encoder-batch", componentType: "encoder", minAge: DayCount(parsing: "5y")!,
                                minCount: 3, work: RuleAction(skill: "drive-system"))
        var components: [ComponentInstallation] = []
        let site1 = ["EL-1", "EL-2", "EL-1"]
        for i in 0..<aged {
            components.append(ComponentInstallation(
                assetID: site1[i], slot: "enc\(i)", componentType: "encoder", installedOn: asOf.adding(days: -1825),
                partNumber: "P-ENC", batchCode: "B7"))
        }
        // Same batch at another site, and a young one at site 1: neither adds to the group.
        components.append(ComponentInstallation(assetID: "EL-3", slot: "enc", componentType: "encoder",
                                                installedOn: asOf.adding(days: -3000), partNumber: "P-ENC",
                                                batchCode: "B7"))
        components.append(ComponentInstallation(assetID: "EL-2", slot: "encY", componentType: "encoder",
                                                installedOn: asOf.adding(days: -1824), partNumber: "P-ENC",
                                                batchCode: "B7"))
        let plan = TriggerPlanner.plan(input(rules: RuleSet(batchAgeRules: [rule]), components: components,
                                             parts: [Part(partNumber: "P-ENC", stockOnHand: 1, leadTimeDays: 30)]))
        if aged == 2 {
            #expect(plan.workOrders.isEmpty)
            #expect(plan.requests.isEmpty)
        } else {
            #expect(plan.workOrders.count == 1)
            #expect(plan.workOrders[0].relatedAssets == ["EL-1", "EL-2"])
            #expect(plan.workOrders[0].siteID == "S-1")
            // "(limit 3)" read as a limit of 3 years or 3 days: the evidence says it is a count of units.
            #expect(plan.workOrders[0].evidence.contains("(the rule needs at least 3 units)"))
            #expect(plan.requests.map(\.quantity) == [3])
            #expect(plan.requests.map(\.shortfall) == [2])
            #expect(plan.requests.map(\.batchCode) == ["B7"])
        }
    }

    @Test("an order already issued for the key is not issued again (re-run of the night)")
    func rerun() {
        let rules = RuleSet(alertRules: [alertRule()])
        let first = TriggerPlanner.plan(input(rules: rules, counts: ["door-open-delay": ["EL-1": 8]]))
        let again = TriggerPlanner.plan(input(rules: rules, counts: ["door-open-delay": ["EL-1": 9]],
                                              issued: first.workOrders, lastWD: 1))
        #expect(again.workOrders.isEmpty)
        // Next month the same asset may fire again, once.
        let december = TriggerPlanner.plan(input(rules: rules, counts: ["door-open-delay": ["EL-1": 6]],
                                                 issued: first.workOrders, closed: [first.workOrders[0].id],
                                                 night: LocalDate("2026-12-03")!))
        #expect(december.workOrders.map(\.id) == ["WD2026120300001"])
    }

    @Test("rolling window: no new order while the earlier one is open or younger than the window")
    func rollingCooldown() {
        let rules = RuleSet(alertRules: [alertRule(.rolling(days: 7), skill: "")])
        let counts = ["door-open-delay": ["EL-1": Int64(10)]]
        let first = TriggerPlanner.plan(input(rules: rules, counts: counts)).workOrders
        #expect(first.count == 1)
        let id = first[0].id
        // Open, 10 days later: still blocked (open).
        #expect(TriggerPlanner.plan(input(rules: rules, counts: counts, issued: first,
                                          night: asOf.adding(days: 10))).workOrders.isEmpty)
        // Closed but only 6 days old: blocked by the window length.
        #expect(TriggerPlanner.plan(input(rules: rules, counts: counts, issued: first, closed: [id],
                                          night: asOf.adding(days: 6))).workOrders.isEmpty)
        // Closed and 7 days old: fires again.
        #expect(TriggerPlanner.plan(input(rules: rules, counts: counts, issued: first, closed: [id],
                                          night: asOf.adding(days: 7))).workOrders.count == 1)
    }

    @Test("suppressed while the asset has an open order with the same skill; the block is named")
    func suppression() {
        let door = alertRule()
        let operatorAge = AgeRule(id: "door-operator-age", componentType: "door_operator",
                                  minAge: DayCount(parsing: "6y")!, work: RuleAction(skill: "door-system"))
        let rules = RuleSet(alertRules: [door], ageRules: [operatorAge])
        let components = [ComponentInstallation(assetID: "EL-1", slot: "door", componentType: "door_operator",
                                                installedOn: asOf.adding(days: -3000))]
        let plan = TriggerPlanner.plan(input(rules: rules, counts: ["door-open-delay": ["EL-1": 7, "EL-2": 7]],
                                             components: components))
        // Rule order: door-open-delay < door-operator-age, so the alert order is issued first and blocks.
        #expect(plan.workOrders.map(\.ruleID) == ["door-open-delay", "door-open-delay"])
        #expect(plan.suppressed.count == 1)
        #expect(plan.suppressed[0].ruleID == "door-operator-age")
        #expect(plan.suppressed[0].blockingID == "WD2026112400001")
        // Once the blocking order is closed, the age trigger goes through.
        let later = TriggerPlanner.plan(input(rules: rules, counts: [:], components: components,
                                              issued: plan.workOrders, closed: [plan.workOrders[0].id],
                                              night: asOf.adding(days: 1)))
        #expect(later.workOrders.map(\.ruleID) == ["door-operator-age"])
    }

    @Test("engineer suggestion: skill, region, fewest open assignments, capacity, ties by ID")
    func engineerSuggestion() {
        let engineers = [
            Engineer(engineerID: "E-3", skills: ["door-system"], region: "east", dailyCapacity: 12),
            Engineer(engineerID: "E-2", skills: ["door-system"], region: "east", dailyCapacity: 12),
            Engineer(engineerID: "E-1", skills: ["brake-system"], region: "east", dailyCapacity: 12),
            Engineer(engineerID: "E-4", skills: ["door-system"], region: "north", dailyCapacity: 1),
        ]
        #expect(TriggerPlanner.suggestEngineer(skill: "door-system", region: "east", engineers: engineers,
                                               load: [:]) == "E-2")
        #expect(TriggerPlanner.suggestEngineer(skill: "door-system", region: "east", engineers: engineers,
                                               load: ["E-2": 3, "E-3": 1]) == "E-3")
        #expect(TriggerPlanner.suggestEngineer(skill: "door-system", region: "north", engineers: engineers,
                                               load: [:]) == "E-4")
        #expect(TriggerPlanner.suggestEngineer(skill: "door-system", region: "north", engineers: engineers,
                                               load: ["E-4": 5]) == "E-4")
        #expect(TriggerPlanner.suggestEngineer(skill: "door-system", region: "north", engineers: engineers,
                                               load: [:], assignedTonight: ["E-4": 1]) == nil)
        #expect(TriggerPlanner.suggestEngineer(skill: "door-system", region: "", engineers: engineers,
                                               load: ["E-2": 5, "E-3": 5]) == "E-4")
        #expect(TriggerPlanner.suggestEngineer(skill: "imaging", region: "east", engineers: engineers,
                                               load: [:]) == nil)
        // Within a night, each suggestion adds to the engineer's load.
        let rules = RuleSet(alertRules: [alertRule()])
        let plan = TriggerPlanner.plan(input(rules: rules, counts: ["door-open-delay": ["EL-1": 7, "EL-2": 7]],
                                             engineers: engineers))
        #expect(plan.workOrders.map(\.engineerID) == ["E-2", "E-3"])
    }
}

@Suite("Trigger evidence: written once, read back")
struct TriggerEvidenceTests {
    @Test("the three stored forms read back to the same values", arguments: [
        "13 door_open_delay alerts in 2026-11, limit 5",
        "12 mri_coil_temp/ct_tube_arc alerts in the 30 days to 2026-11-24, limit 8",
        "brake_pad in slot brake_pad installed 2023-06-30 is 1243 days old, limit 3y",
        "8 encoder of batch B2007-ENC-00 at site S-0001 are at least 5y old (the rule needs at least 3 units): "
            + "EL-000001, EL-000002",
        "3 encoder of batch B7 at site (none) are at least 5y old (the rule needs at least 3 units): EL-1",
    ])
    func roundTrip(text: String) throws {
        let evidence = try #require(TriggerEvidence(parsing: text))
        #expect(evidence.text == text)
    }

    @Test("values read where they belong")
    func values() {
        #expect(TriggerEvidence(parsing: "12 a/b alerts in the 30 days to 2026-11-24, limit 8")
            == .alerts(count: 12, codes: ["a", "b"], window: .rolling(days: 30, lastDay: LocalDate("2026-11-24")!),
                       limit: 8))
        #expect(TriggerEvidence(parsing: "3 encoder of batch B7 at site (none) are at least 5y old "
                                + "(the rule needs at least 3 units): EL-1, EL-2")
            == .batch(count: 3, componentType: "encoder", batchCode: "B7", siteID: "", minAge: "5y", minCount: 3,
                      assetIDs: ["EL-1", "EL-2"]))
    }

    @Test("other text (an older wording, a hand-made order) does not read", arguments: [
        "3 encoder of batch B7 at site S are at least 5y old (limit 3): EL-1", "checked by hand", "",
    ])
    func foreign(text: String) {
        #expect(TriggerEvidence(parsing: text) == nil)
    }
}
