/// A length of time in whole days, written `7d`, `2m` (30 days each) or `3y` (365 days each).
public struct DayCount: Hashable, Sendable, CustomStringConvertible {
    public var days: Int
    public var text: String

    public init(days: Int) {
        self.days = days
        self.text = "\(days)d"
    }

    /// Parses `Nd`, `Nm` or `Ny` with N plain decimal digits (no sign, at most 6, so no overflow); nil when
    /// malformed.
    public init?(parsing text: String) {
        let digits = text.utf8.dropLast()
        guard (1...6).contains(digits.count), digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let unit = text.last, let n = Int(text.dropLast())
        else { return nil }
        switch unit {
        case "d": days = n
        case "m": days = n * 30
        case "y": days = n * 365
        default: return nil
        }
        self.text = text
    }

    public var description: String { text }
}

/// The window an alert rule counts over.
public enum AlertWindow: Hashable, Sendable, CustomStringConvertible {
    /// The local calendar month containing the as-of date.
    case calendarMonth
    /// The `days` days ending at the cutoff.
    case rolling(days: Int)

    public var description: String {
        switch self {
        case .calendarMonth: "calendar_month"
        case .rolling(let days): "\(days)d"
        }
    }
}

/// What every rule kind may carry for the work order it creates.
public struct RuleAction: Hashable, Sendable {
    public var skill: String
    public var action: String
    public var priority: String
    public var dueIn: DayCount

    public init(skill: String = "", action: String = "", priority: String = "normal",
                dueIn: DayCount = DayCount(days: 7)) {
        self.skill = skill
        self.action = action
        self.priority = priority
        self.dueIn = dueIn
    }
}

/// Alert counts over a window above a limit → preventive work order.
public struct AlertRule: Hashable, Sendable {
    public var id: String
    public var codes: [String]
    public var window: AlertWindow
    public var moreThan: Int
    public var work: RuleAction

    public init(id: String, codes: [String], window: AlertWindow, moreThan: Int, work: RuleAction) {
        self.id = id
        self.codes = codes
        self.window = window
        self.moreThan = moreThan
        self.work = work
    }
}

/// A single component at least `minAge` old → replacement work order.
public struct AgeRule: Hashable, Sendable {
    public var id: String
    public var componentType: String
    public var minAge: DayCount
    public var work: RuleAction

    public init(id: String, componentType: String, minAge: DayCount, work: RuleAction) {
        self.id = id
        self.componentType = componentType
        self.minAge = minAge
        self.work = work
    }
}

/// At least `minCount` components of one batch at one site at least `minAge` old → batch purchase.
public struct BatchAgeRule: Hashable, Sendable {
    public var id: String
    public var componentType: String
    public var minAge: DayCount
    public var minCount: Int
    public var work: RuleAction

    public init(id: String, componentType: String, minAge: DayCount, minCount: Int, work: RuleAction) {
        self.id = id
        self.componentType = componentType
        self.minAge = minAge
        self.minCount = minCount
        self.work = work
    }
}

/// KPI thresholds (SPEC §4).
public struct KPIThresholds: Hashable, Sendable {
    public var firstUpdateMinutes: [String: Double]
    public var efficiencyGainMin: Double
    public var utilizationGainMin: Double
    public var utilizationPerEngineerDay: Double
    public var recurrenceDays: Int
    public var recurrenceMax: Double
    public var baseline: ClosedRange<LocalDate>?

    public init(firstUpdateMinutes: [String: Double] = ["online": 15, "app": 15, "email": 15, "phone": 30],
                efficiencyGainMin: Double = 0.35, utilizationGainMin: Double = 0.22,
                utilizationPerEngineerDay: Double = 12, recurrenceDays: Int = 30, recurrenceMax: Double = 0.05,
                baseline: ClosedRange<LocalDate>? = nil) {
        self.firstUpdateMinutes = firstUpdateMinutes
        self.efficiencyGainMin = efficiencyGainMin
        self.utilizationGainMin = utilizationGainMin
        self.utilizationPerEngineerDay = utilizationPerEngineerDay
        self.recurrenceDays = recurrenceDays
        self.recurrenceMax = recurrenceMax
        self.baseline = baseline
    }
}

/// Fault keywords that mark a work order urgent (article 四.3).
public struct UrgencyRules: Hashable, Sendable {
    public var keywords: [String]
    public var firstUpdateMinutes: Double

    public init(keywords: [String] = ["停机", "报警", "无法启动", "黑屏", "离线", "shutdown", "alarm", "won't start",
                                      "offline"],
                firstUpdateMinutes: Double = 10) {
        self.keywords = keywords
        self.firstUpdateMinutes = firstUpdateMinutes
    }
}

/// When a night's inputs count as arrived (`[freshness]`, SPEC §2 "Waiting for data"): for each required
/// kind, a file of that kind read successfully with a drop date among the `withinDays` days ending with the
/// night (a file outside a dated folder counts for every night). A night whose inputs have not arrived is
/// not evaluated: it waits for its data.
public struct Freshness: Hashable, Sendable {
    /// The dated kinds whose drop a night waits for; empty: nights never wait.
    public var required: [FileKind]
    /// How many days, ending with the night, a drop may be old and still count (1: only the night's own).
    public var withinDays: Int

    public init(required: [FileKind] = [.telemetry], withinDays: Int = 1) {
        self.required = required
        self.withinDays = withinDays
    }

    /// Whether a drop dated `dropDate` (nil: outside a dated folder) counts for `night`.
    public func counts(dropDate: LocalDate?, for night: LocalDate) -> Bool {
        guard let dropDate else { return true }
        return dropDate <= night && night.days(since: dropDate) < withinDays
    }
}

/// Everything `rules.toml` configures, validated.
public struct RuleSet: Hashable, Sendable {
    public var zone: ZoneRules
    public var alertRules: [AlertRule]
    public var ageRules: [AgeRule]
    public var batchAgeRules: [BatchAgeRule]
    public var kpi: KPIThresholds
    public var urgency: UrgencyRules
    /// Source status → canonical status.
    public var statusMap: [String: WorkOrderStatus]
    public var columns: ColumnMap
    /// When a night's inputs count as arrived.
    public var freshness: Freshness
    /// `[files]`: foreign file names mapped to input kinds (empty: the SPEC layout only).
    public var files: FileMapping

    public init(zone: ZoneRules = .utc, alertRules: [AlertRule] = [], ageRules: [AgeRule] = [],
                batchAgeRules: [BatchAgeRule] = [], kpi: KPIThresholds = KPIThresholds(),
                urgency: UrgencyRules = UrgencyRules(), statusMap: [String: WorkOrderStatus] = [:],
                columns: ColumnMap = ColumnMap(), freshness: Freshness = Freshness(),
                files: FileMapping = FileMapping()) {
        self.zone = zone
        self.alertRules = alertRules
        self.ageRules = ageRules
        self.batchAgeRules = batchAgeRules
        self.kpi = kpi
        self.urgency = urgency
        self.statusMap = statusMap
        self.columns = columns
        self.freshness = freshness
        self.files = files
    }

    /// The built-in rules: the article's door-open-delay and encoder-batch triggers, UTC.
    public static let defaults = RuleSet(
        alertRules: [
            AlertRule(id: "door-open-delay", codes: ["door_open_delay"], window: .calendarMonth, moreThan: 5,
                      work: RuleAction(skill: "door-system",
                                       action: "Lubricate door guide shoes; inspect door operator")),
        ],
        batchAgeRules: [
            BatchAgeRule(id: "encoder-batch", componentType: "encoder", minAge: DayCount(parsing: "5y")!,
                         minCount: 3,
                         work: RuleAction(skill: "drive-system", action: "Replace encoders of the aged batch")),
        ]
    )

    /// The canonical status for a source status, or nil when unmapped and not canonical.
    public func canonicalStatus(_ raw: String) -> WorkOrderStatus? {
        if let mapped = statusMap[raw] { return mapped }
        return WorkOrderStatus(rawValue: raw)
    }
}

extension RuleSet {
    /// Per component type, the smallest minimum age of the age and batch-age rules that watch it.
    public var minimumAgeDaysByComponentType: [String: Int] {
        var ages: [String: Int] = [:]
        for rule in ageRules { ages[rule.componentType] = min(ages[rule.componentType] ?? .max, rule.minAge.days) }
        for rule in batchAgeRules {
            ages[rule.componentType] = min(ages[rule.componentType] ?? .max, rule.minAge.days)
        }
        return ages
    }
}
