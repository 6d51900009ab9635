/// What a trigger saw, as structured values: the one place that writes the evidence text pmbatch stores,
/// exports and shows (English, SPEC §3), and reads it back so a report in another language can say the same
/// thing in its words. A stored text that does not read back to itself is shown as it is.
public enum TriggerEvidence: Hashable, Sendable {
    /// The alert window of an alert rule's evidence.
    public enum Window: Hashable, Sendable {
        /// The calendar month, `YYYY-MM`.
        case month(String)
        /// The `days` days ending with `lastDay`.
        case rolling(days: Int, lastDay: LocalDate)
    }

    /// `13 door_open_delay alerts in 2026-11, limit 5` (codes joined by `/`).
    case alerts(count: Int64, codes: [String], window: Window, limit: Int)
    /// `brake_pad in slot brake_pad installed 2023-06-30 is 1243 days old, limit 3y`.
    case age(componentType: String, slot: String, installedOn: LocalDate, ageDays: Int, limit: String)
    /// `8 encoder of batch B2007-ENC-00 at site S-0001 are at least 5y old (the rule needs at least 3 units):
    /// EL-000001, EL-000002, …` (`(none)` for an asset without a site).
    case batch(count: Int, componentType: String, batchCode: String, siteID: String, minAge: String,
               minCount: Int, assetIDs: [String])

    /// The English text pmbatch stores.
    public var text: String {
        switch self {
        case .alerts(let count, let codes, let window, let limit):
            let phrase = switch window {
            case .month(let month): "in \(month)"
            case .rolling(let days, let lastDay): "in the \(days) days to \(lastDay)"
            }
            return "\(count) \(codes.joined(separator: "/")) alerts \(phrase), limit \(limit)"
        case .age(let type, let slot, let installedOn, let ageDays, let limit):
            return "\(type) in slot \(slot) installed \(installedOn) is \(ageDays) days old, limit \(limit)"
        case .batch(let count, let type, let batch, let site, let minAge, let minCount, let assets):
            return "\(count) \(type) of batch \(batch) at site \(site.isEmpty ? "(none)" : site) are at least "
                + "\(minAge) old (the rule needs at least \(minCount) units): " + assets.joined(separator: ", ")
        }
    }

    /// Reads a stored evidence text; nil unless it is one of the three forms and writes back to itself.
    public init?(parsing text: String) {
        guard let parsed = Self.read(text), parsed.text == text else { return nil }
        self = parsed
    }

    static func read(_ text: String) -> TriggerEvidence? {
        if let m = text.wholeMatch(of: /(\d+) (.+) alerts in (?:(\d{4}-\d{2})|the (\d+) days to (\d{4}-\d{2}-\d{2})), limit (\d+)/),
           let count = Int64(m.1), let limit = Int(m.6)
        {
            let window: Window
            if let month = m.3 {
                window = .month(String(month))
            } else if let days = m.4.flatMap({ Int($0) }), let last = m.5.flatMap({ LocalDate(String($0)) }) {
                window = .rolling(days: days, lastDay: last)
            } else {
                return nil
            }
            return .alerts(count: count, codes: m.2.split(separator: "/", omittingEmptySubsequences: false).map(String.init),
                           window: window, limit: limit)
        }
        if let m = text.wholeMatch(of: /(.+) in slot (.+) installed (\d{4}-\d{2}-\d{2}) is (\d+) days old, limit (\S+)/),
           let installed = LocalDate(String(m.3)), let age = Int(m.4)
        {
            return .age(componentType: String(m.1), slot: String(m.2), installedOn: installed, ageDays: age,
                        limit: String(m.5))
        }
        if let m = text.wholeMatch(
            of: /(\d+) (.+) of batch (.+) at site (.+) are at least (\S+) old \(the rule needs at least (\d+) units\): (.*)/),
            let count = Int(m.1), let minCount = Int(m.6)
        {
            let site = m.4 == "(none)" ? "" : String(m.4)
            return .batch(count: count, componentType: String(m.2), batchCode: String(m.3), siteID: site,
                          minAge: String(m.5), minCount: minCount,
                          assetIDs: m.7.isEmpty ? [] : m.7.components(separatedBy: ", "))
        }
        return nil
    }
}
