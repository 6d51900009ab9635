import PMBatchCore

/// Time in the generated data set: epoch seconds, local time Asia/Shanghai (UTC+08:00 all year,
/// no daylight saving since 1991, so a fixed offset is exact and needs no time-zone database).
enum FleetClock {
    /// UTC+08:00 in seconds.
    static let offset: Int64 = 8 * 3600

    /// The first second of a local day.
    static func startOfDay(_ day: LocalDate) -> Int64 { Int64(day.dayNumber) * 86_400 - offset }

    /// The local day of an instant.
    static func localDay(of seconds: Int64) -> LocalDate {
        LocalDate(dayNumber: Int32((seconds + offset).dividedFloor(by: 86_400)))
    }

    /// RFC 3339 in local time, e.g. `2026-11-24T10:15:00+08:00`.
    static func localText(_ seconds: Int64) -> String { text(seconds + offset) + "+08:00" }

    /// RFC 3339 in UTC, e.g. `2026-11-24T02:15:00Z`.
    static func utcText(_ seconds: Int64) -> String { text(seconds) + "Z" }

    private static func text(_ wall: Int64) -> String {
        let day = wall.dividedFloor(by: 86_400)
        let s = Int(wall - day * 86_400)
        return LocalDate(dayNumber: Int32(day)).description + "T" + pad(s / 3600, 2) + ":" + pad(s / 60 % 60, 2)
            + ":" + pad(s % 60, 2)
    }
}
