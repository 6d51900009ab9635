import Foundation

/// The configured time zone: turns instants into local dates and naive wall times into instants,
/// through the system time-zone database (daylight-saving time included).
public struct ZoneRules: Sendable, Hashable {
    /// The IANA identifier, e.g. `Asia/Shanghai`.
    public let identifier: String
    private let zone: TimeZone

    /// UTC.
    public static let utc = ZoneRules(identifier: "UTC")!

    /// Looks up an IANA zone; nil when the system does not know it.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
    }

    public static func == (lhs: ZoneRules, rhs: ZoneRules) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// Offset from UTC in seconds in force at `instant`.
    public func offsetSeconds(at instant: Instant) -> Int {
        let seconds = Double(instant.milliseconds.dividedFloor(by: 1000))
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))
    }

    /// The local calendar date of `instant`.
    public func localDate(of instant: Instant) -> LocalDate {
        let local = instant.milliseconds + Int64(offsetSeconds(at: instant)) * 1000
        return LocalDate(dayNumber: Int32(local.dividedFloor(by: 86_400_000)))
    }

    /// The local wall time of `instant`.
    public func civil(of instant: Instant) -> CivilDateTime {
        let local = instant.milliseconds + Int64(offsetSeconds(at: instant)) * 1000
        let day = local.dividedFloor(by: 86_400_000)
        return CivilDateTime(date: LocalDate(dayNumber: Int32(day)), millisecondOfDay: local - day * 86_400_000)
    }

    /// The instant a naive wall time denotes in this zone. A wall time skipped by a
    /// daylight-saving jump is read with the offset before the jump (so it lands after it);
    /// a repeated wall time is read as its first occurrence.
    public func instant(of civil: CivilDateTime) -> Instant {
        let naive = civil.asIfUTC
        // The offsets in force a day either side bound every candidate.
        let before = offsetSeconds(at: naive.adding(milliseconds: -86_400_000))
        let after = offsetSeconds(at: naive.adding(milliseconds: 86_400_000))
        var candidates: [Instant] = []
        for offset in Set([before, after, offsetSeconds(at: naive)]).sorted(by: >) {
            let guess = naive.adding(milliseconds: -Int64(offset) * 1000)
            if offsetSeconds(at: guess) == offset { candidates.append(guess) }
        }
        if let first = candidates.min() { return first }
        // In a gap: use the offset before the jump.
        return naive.adding(milliseconds: -Int64(before) * 1000)
    }

    /// The first instant of a local date.
    public func startOfDay(_ date: LocalDate) -> Instant {
        instant(of: CivilDateTime(date: date, millisecondOfDay: 0))
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    @inlinable
    public func dividedFloor(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
