/// A point in time: milliseconds since 1970-01-01T00:00:00Z.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch, UTC.
    public var milliseconds: Int64

    /// Makes an instant from milliseconds since the epoch.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Makes an instant from whole seconds since the epoch.
    public init(seconds: Int64) { self.milliseconds = seconds * 1000 }

    /// The UTC midnight starting `date`.
    public init(utcMidnightOf date: LocalDate) { self.milliseconds = Int64(date.dayNumber) * 86_400_000 }

    /// The instant `hours` later.
    public func adding(milliseconds delta: Int64) -> Instant { Instant(milliseconds: milliseconds + delta) }

    /// Elapsed milliseconds from `other` to this instant.
    public func milliseconds(since other: Instant) -> Int64 { milliseconds - other.milliseconds }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// RFC 3339 in UTC, e.g. `2026-11-24T03:15:22Z` (milliseconds shown only when non-zero).
    public var description: String {
        let ms = milliseconds
        let dayMs: Int64 = 86_400_000
        var day = ms / dayMs
        var rest = ms % dayMs
        if rest < 0 { rest += dayMs; day -= 1 }
        let date = LocalDate(dayNumber: Int32(day))
        let secs = Int(rest / 1000)
        let frac = Int(rest % 1000)
        var text = date.description + "T" + pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2) + ":" + pad(secs % 60, 2)
        if frac != 0 { text += "." + pad(frac, 3) }
        return text + "Z"
    }
}

/// A wall-clock date and time with no zone (a "naive" timestamp).
public struct CivilDateTime: Hashable, Sendable {
    public var date: LocalDate
    /// Milliseconds since local midnight.
    public var millisecondOfDay: Int64

    public init(date: LocalDate, millisecondOfDay: Int64) {
        self.date = date
        self.millisecondOfDay = millisecondOfDay
    }

    /// The instant this wall time denotes if it were UTC.
    public var asIfUTC: Instant {
        Instant(milliseconds: Int64(date.dayNumber) * 86_400_000 + millisecondOfDay)
    }
}

// Codable as its one stored number (kept in the state by `PeriodKPICache`).
extension Instant: Codable {}
