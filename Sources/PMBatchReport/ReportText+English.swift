extension ReportText {
    /// English.
    static let english = ReportText(
        minutes: { "\($0) min" },
        hours: { "\($0) h" },
        notEnoughData: { "not enough data (n = \($0))" },
        andMore: { "…and \($0) more." },
        listSeparator: ", ",
        colon: ": ",
        clauseSeparator: "; ",
        parenthesized: { " (\($0))" },

        title: { "pmbatch night report — \($0)" },
        statusLine: { "**Run status: \($0)** (exit code \($1))." },
        statusOK: "ok",
        statusRejected: "some input was rejected — see Data quality",
        statusFailed: "the run could not complete",
        headerIntro: { "This report covers the maintenance data received up to the end of \($0) (\($1)): "
            + "how fast work orders move, what pmbatch planned tonight, and how sound the input was." },
        item: "Item",
        value: "Value",
        asOf: "As of",
        cutoffNote: { "cutoff: end of the day, \($0)" },
        periodP: "Period P",
        previousPeriod: "Previous period",
        baseline: "Baseline",
        baselineIsPrevious: "the previous period (no `[kpi].baseline` configured)",
        periodRange: { "\($0) to \($1) (\($2) days)" },
        dataSeen: "Data seen",
        dataSeenText: { d in
            "\(d.files) files, \(d.rows) rows, \(d.assets) assets, \(d.workOrders) work orders, \(d.events) events"
        },
        rulesDigest: "Rules digest",
        program: "Program",

        summaryTitle: "KPI summary: three horizontal, one vertical",
        summaryIntro: "The four KPIs of the source article: three measure the flow of work orders (speed seen by "
            + "the customer, internal speed, engineer productivity) and one measures whether problems come back.",
        kpiColumn: "KPI",
        thresholdColumn: "Threshold",
        healthyColumn: "Healthy",
        previousColumn: "Previous period",
        baselineColumn: "Baseline",
        h1Name: "H1 Customer-perceived timeliness (mean time to first update)",
        h2Name: "H2 Internal execution efficiency (mean time to technical closure, customer waits excluded)",
        h3Name: "H3 Resource utilization (effective work orders per engineer-day)",
        v1Name: { "V1 Problem recurrence (same customer and fault code within \($0) days)" },
        h2Threshold: { "≥ \($0) shorter than baseline" },
        h3Threshold: { "≥ \($0), or ≥ \($1) above baseline" },
        engineerDaysN: { "\($0) engineer-days" },
        worstChannel: { "worst channel \($0): \($1)" },
        h2GainNote: { "gain \($0)" },
        h3GainNote: { "\($0) above baseline" },

        h1Title: "H1 customer-perceived timeliness",
        h1Intro: "Minutes from a customer's request (any channel but `preventive`) created in P to the first "
            + "progress update, per channel; urgent orders are held to a stricter limit.",
        channel: "Channel",
        mean: "Mean",
        median: "Median",
        p90: "P90",
        allChannels: "All channels",
        urgentLine: "Urgent (priority or keyword)",
        noChannelData: "No customer work orders were created in P.",
        waitingTitle: { "Waiting for a first update: \($0)" },
        waitingIntro: "Orders created in P that had no progress update by the cutoff, oldest first; they are not "
            + "in the figures above.",
        waitingNone: "No order is waiting for its first update.",
        workOrder: "Work order",
        created: { "Created (\($0))" },
        waited: "Waiting",

        h2Title: "H2 internal execution efficiency",
        h2Intro: "Hours from creation to the first technical closure for orders first technically closed in P, "
            + "minus time spent waiting for the customer.",
        h2Line: { "Orders: n = \($0); mean \($1), median \($2), p90 \($3)." },
        h2Baseline: { "Baseline mean: \($0); gain: \($1) (needed: \($2))." },
        h3Title: "H3 resource utilization",
        h3Intro: "Effective work orders (first technical closure in P, never duplicate, cancelled or reopened) per "
            + "active engineer-day (an engineer with at least one event that day).",
        h3Line: { "Effective work orders: \($0); active engineer-days: \($1); per engineer-day: \($2) "
            + "(baseline \($3); gain: \($4); needed: \($5))." },
        v1Title: "V1 problem recurrence",
        v1Intro: { "Share of corrective orders created in P that repeat an earlier order of the same customer "
            + "and fault code from the \($0) days before." },
        v1Line: { "Corrective orders: n = \($0); repeats: \($1); rate: \($2)." },
        worstCustomers: "Customers with the most repeats",
        worstFaultCodes: "Fault codes with the most repeats",
        customer: "Customer",
        faultCode: "Fault code",
        orders: "Orders",
        repeats: "Repeats",
        noRepeats: "No repeats in P.",

        trendTitle: { "KPI trend: the last \($0) periods" },
        trendIntro: { count, days in
            "Is it getting better? The four KPIs and the backlog for each of the last \(count) periods of \(days) "
                + "days, oldest first, each computed as if its last day were the cutoff and judged against its own "
                + "baseline; the last row is P. Charts: dashed red lines and series are the thresholds."
        },
        periodEnding: "Period ending",
        backlogColumn: "Backlog (engineer-days)",
        trendFirstUpdateChart: "H1 mean minutes to first update, per period",
        trendExecutionChart: "H2 mean hours to technical closure, per period",
        trendUtilizationChart: "H3 effective work orders per engineer-day, per period",
        trendRecurrenceChart: "V1 recurrence rate, per period",
        trendBacklogChart: "Backlog at each period's cutoff (engineer-days)",
        trendMeasured: "measured",
        trendExecutionNeeded: { "needed: baseline − \($0)" },
        trendUtilizationNeeded: { "or: baseline + \($0)" },
        chartHoursAxis: "hours",
        chartPerEngineerDayAxis: "per engineer-day",
        chartEngineerDaysAxis: "engineer-days",

        standardTitle: "Standard maintenance KPIs",
        standardIntro: "Common maintenance measures (SMRP), shown beside the article's four so results can be "
            + "compared with other organisations.",
        mtbfName: "MTBF (mean time between failures)",
        mtbfN: { "n = \($0) failures" },
        mtbfFormula: "assets × hours in P ÷ confirmed failures in P (calendar time counts as operating time)",
        mttrName: "MTTR (mean time to repair)",
        mttrN: { "n = \($0) repairs" },
        mttrFormula: "mean, over corrective orders first technically closed in P, of (technical closure − first "
            + "`on_site` event, else creation), minus `waiting_customer` and `waiting_parts` time",
        pmName: "PM compliance",
        pmN: { "\($1) of \($0) due" },
        pmFormula: "pmbatch preventive orders due in P that were technically closed by the end of their due "
            + "date ÷ those due in P",
        backlogName: "Backlog",
        backlogValue: { "\($0) engineer-days" },
        backlogN: { "n = \($0) open orders" },
        backlogFormula: "work orders open at the cutoff ÷ mean daily capacity of the engineers (12 when unknown)",
        formula: "Formula",

        stuckTitle: "Stuck-stage TOP 5",
        stuckIntro: "Where work orders wait longest: statuses ranked by the mean time an order stays in them "
            + "before its next event, over events in P.",
        rank: "#",
        status: "Status",
        count: "Count",
        total: "Total",
        noStuck: "No events with a dwell time in P.",

        closureTitle: "Closure-lock audit (three-level lock)",
        closureIntro: "An order may be closed only after its technical closure (photo), delivery confirmation "
            + "(customer signature) and financial closure (invoice number), each with its evidence.",
        falseClosuresTitle: { "False closures: \($0)" },
        falseClosuresIntro: "Closed in P without all three evidenced steps.",
        closedAt: "Closed at",
        missing: "Missing",
        completeTitle: { "Complete but not closed: \($0)" },
        completeIntro: "All three steps are evidenced, but the order was never closed.",
        statusName: { $0 },

        preventiveTitle: { "Tonight's preventive work orders: \($0)" },
        preventiveIntro: "Work orders pmbatch created tonight from alert counts and component ages; the WD ID is "
            + "the global ID the field app, CRM and ERP share.",
        id: "ID",
        rule: "Rule",
        asset: "Asset",
        site: "Site",
        evidence: "Evidence",
        action: "Action",
        priority: "Priority",
        engineer: "Engineer",
        due: "Due",
        noEngineer: "— (none qualified)",
        evidenceText: { _ in nil },
        requestsTitle: { "Spare-part requests: \($0)" },
        requestsIntro: "Parts to order for tonight's work orders; the shortfall is what stock on hand does not "
            + "cover.",
        part: "Part",
        batch: "Batch",
        quantity: "Qty",
        stock: "Stock",
        shortfall: "Shortfall",
        neededBy: "Needed by",
        suppressedTitle: { "Suppressed triggers: \($0)" },
        suppressedIntro: "Triggers that fired but created no order because the asset already has an open order "
            + "needing the same skill.",
        blockingOrder: "Blocking order",
        unassignedTitle: { "Orders without a suggested engineer: \($0)" },
        unassignedIntro: "No engineer with the skill, in the asset's region and under daily capacity, was found; "
            + "a planner must assign these.",
        skill: "Skill",
        noneTonight: "None tonight.",

        activeRulesTitle: { "Active rules: \($0)" },
        activeRulesIntro: "Every rule of the rules file, what it fires on, and how often it fired: orders created "
            + "tonight and on the nights of P, triggers suppressed in P. A rule whose alert code never occurs in the "
            + "telemetry, or whose component type no installation has, cannot fire — usually a typo in the rules "
            + "file.",
        condition: "Condition",
        firedTonight: "Fired tonight",
        firedInPeriod: "Fired in P",
        suppressedInPeriod: "Suppressed in P",
        note: "Note",
        noRules: "No rules are configured.",
        alertCondition: { codes, window, limit in "more than \(limit) \(codes) alerts in \(window)" },
        calendarMonth: "the calendar month",
        rollingDays: { "the last \($0) days" },
        ageCondition: { type, age in "\(type) at least \(age) old" },
        batchAgeCondition: { count, type, age in
            "at least \(count) \(type) of one batch at one site at least \(age) old"
        },
        age: { $0.text },
        orSeparator: " or ",
        codeNeverOccurs: { "cannot fire on \($0): it never occurs in the telemetry" },
        componentTypeNeverOccurs: { "cannot fire on \($0): no installation has it" },
        didYouMean: { names in
            names.count == 1 ? "did you mean \(names[0])?"
                : "did you mean \(names.dropLast().joined(separator: ", ")) or \(names.last!)?"
        },
        nothingClose: "no known name is close",
        codesUnchecked: "not checked: no telemetry ingested yet",
        componentTypesUnchecked: "not checked: no component installations yet",

        fleetTitle: "Fleet health",
        fleetIntro: "Which assets raised the most alerts in P, and which components are closest to the age at "
            + "which a rule replaces them.",
        topAssetsTitle: "Assets with the most alerts",
        alerts: "Alerts",
        topCode: "Top code",
        agingTitle: "Components nearest their age limit",
        slot: "Slot",
        componentType: "Type",
        installed: "Installed",
        ageDays: "Age (days)",
        limitDays: "Limit (days)",
        daysLeft: "Days left",
        noAlerts: "No alerts in P.",
        noAging: "No component is watched by an age rule.",
        openOrder: "Open order",
        noOpenOrder: "none",

        qualityTitle: "Data quality",
        qualityIntro: "What was read tonight and in total, and what could not be used: bad rows are quarantined "
            + "(kept aside with file, line and reason, never silently dropped); unreadable files are rejected and "
            + "retried on the next run.",
        tonightDrop: "Tonight's drop",
        toDate: "To date",
        filesRead: "Files read",
        rowsRead: "Rows read",
        quarantinedRows: "Quarantined rows",
        duplicatesSkipped: "Duplicate rows counted once",
        filesRejected: "Files rejected",
        rejectedTitle: "Rejected files (not yet read successfully)",
        file: "File",
        problem: "Problem",
        unmappedTitle: "Unmapped statuses (treated as progress events; map them in `[status_map]`)",
        events: "Events",
        quarantineReason: { _ in nil },

        chartsTitle: "Trends",
        chartsIntro: "Daily figures over P, drawn as SVG files beside this report.",
        chartFirstUpdate: "Mean minutes to first update, per day",
        chartClosures: "Technical closures per day",
        chartAlerts: "Alerts per day, top assets",
        chartNoData: "no data",
        chartMinutesAxis: "minutes",
        chartCountAxis: "count",

        firstNight: "First night evaluated",
        lateTitle: { "Orders from input that arrived late or was fixed: \($0)" },
        lateIntro: "These orders fired tonight only because of alerts that were not there on the night of their day: "
            + "dropped later, or in a file that arrived, was fixed or was replaced after its night was evaluated. "
            + "With that input in time they would have come on an earlier night.",
        lateInput: "Late input",
        replayTitle: "Reproducing this night",
        replayText: { asOf, first, digest in
            "A fresh state gives this report byte for byte from the archived data folder with "
                + "`pmbatch run --as-of \(asOf) --first-night \(first) --db NEW.sqlite` and the same rules "
                + "(digest `\(digest)`): nights from \(first) on are evaluated, earlier ones are history. "
                + "Input that arrived late or was fixed is read as it lies in the archive."
        }
    )
}
