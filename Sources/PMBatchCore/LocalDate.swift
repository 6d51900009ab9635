/// A calendar date without a time zone, stored as days since 1970-01-01 (proleptic Gregorian).
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01; negative before it.
    public var dayNumber: Int32

    /// Makes a date from its day number.
    public init(dayNumber: Int32) { self.dayNumber = dayNumber }

    /// Makes a date from year, month (1–12) and day (1–31); nil when the day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(year: year, month: month) else {
            return nil
        }
        self.dayNumber = Int32(LocalDate.days(fromCivil: year, month, day))
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, let value = LocalDate.parse(bytes[...]) else { return nil }
        self = value
    }

    /// Parses exactly `YYYY-MM-DD` from ten bytes.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> LocalDate? {
        guard bytes.count == 10 else { return nil }
        let b = bytes.startIndex
        guard bytes[b + 4] == UInt8(ascii: "-"), bytes[b + 7] == UInt8(ascii: "-") else { return nil }
        guard let y = digits(bytes, b, 4), let m = digits(bytes, b + 5, 2), let d = digits(bytes, b + 8, 2) else {
            return nil
        }
        return LocalDate(year: y, month: m, day: d)
    }

    private static func digits(_ bytes: ArraySlice<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let c = bytes[i] &- UInt8(ascii: "0")
            guard c < 10 else { return nil }
            value = value * 10 + Int(c)
        }
        return value
    }

    /// Year, month and day of this date.
    public var components: (year: Int, month: Int, day: Int) {
        LocalDate.civil(fromDays: Int(dayNumber))
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + Int32(days)) }

    /// Days from `other` to this date.
    public func days(since other: LocalDate) -> Int { Int(dayNumber) - Int(other.dayNumber) }

    /// The first day of this date's month.
    public var firstOfMonth: LocalDate {
        let c = components
        return LocalDate(year: c.year, month: c.month, day: 1)!
    }

    /// `YYYY-MM`.
    public var monthText: String {
        let c = components
        return pad(c.year, 4) + "-" + pad(c.month, 2)
    }

    /// `YYYYMMDD`, as used in global IDs.
    public var compactText: String {
        let c = components
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let c = components
        return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// Days in a month of a year.
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// Zero-pads a non-negative integer to `width` digits.
@inlinable
public func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

// Codable as its day number (kept in the state by `PeriodKPICache`).
extension LocalDate: Codable {}
