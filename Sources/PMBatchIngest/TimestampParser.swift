import PMBatchCore

/// Parses timestamps and dates from UTF-8 bytes (SPEC §1).
///
/// Accepted: RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM|±HHMM)` (`T`, `t` or a space between date and
/// time; fractions of any length, kept to milliseconds) and naive `YYYY-MM-DD HH:MM:SS[.fff…]` /
/// `YYYY-MM-DDTHH:MM:SS[.fff…]`, read in the configured zone. Ranges are validated (month 13, Feb 30,
/// hour 24, minute or second 60 → nil).
///
/// Zone lookups are cached: a naive wall time is converted once per distinct local hour (DST gaps and
/// overlaps resolved by `ZoneRules.instant(of:)`, so daylight-saving changes are assumed to fall on a
/// whole hour, as they do in every current zone with hourly changes), and an instant's local date uses
/// the zone offset looked up once per 15-minute UTC block. The last timestamp's date-and-hour prefix is
/// memoized (four of them, so that two timestamp styles or a row from the hour before do not evict
/// each other), so a timestamp in a recent hour costs a few byte compares.
struct TimestampParser {
    /// The zone naive timestamps are read in and local dates are taken in.
    let zone: ZoneRules
    private var naiveHourOffsets: [Int64: Int64] = [:]
    private var blockOffsets: [Int64: Int64] = [:]
    private var lastBlock: Int64 = .min
    private var lastBlockOffset: Int64 = 0
    /// A memo entry: the first 13 bytes of a timestamp, its zone suffix, and its hour's UTC start.
    private struct Memo {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        var suffix: Int64 = .min
        var hourStart: Int64 = 0
    }
    /// Direct-mapped by the parity of the hour's last digit and a bit of the suffix's hash.
    private var memos = (Memo(), Memo(), Memo(), Memo())

    private static let naiveMarker: Int64 = .max

    /// A parser for `zone`.
    init(zone: ZoneRules) { self.zone = zone }

    /// Parses a timestamp; nil when malformed or out of range.
    mutating func instant(_ text: String) -> Instant? {
        var text = text
        return text.withUTF8 { instant(UnsafeRawBufferPointer($0)) }
    }

    /// Parses a date (`YYYY-MM-DD`, or a timestamp → its local date in the zone); nil when malformed.
    mutating func date(_ text: String) -> LocalDate? {
        var text = text
        return text.withUTF8 { date(UnsafeRawBufferPointer($0)) }
    }

    /// Parses a date (`YYYY-MM-DD`, or a timestamp → its local date in the zone); nil when malformed.
    mutating func date(_ b: UnsafeRawBufferPointer) -> LocalDate? {
        if b.count == 10 {
            guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
            let y = Self.digits4(b, 0), m = Self.digits2(b, 5), d = Self.digits2(b, 8)
            guard y >= 0, m >= 0, d >= 0 else { return nil }
            return LocalDate(year: y, month: m, day: d)
        }
        guard let parsed = instantAndSuffix(b) else { return nil }
        if parsed.naive {
            // The wall date is the local date.
            return LocalDate(year: Self.digits4(b, 0), month: Self.digits2(b, 5), day: Self.digits2(b, 8))
        }
        return localDate(of: parsed.instant)
    }

    /// Parses a timestamp; nil when malformed or out of range.
    @inline(__always)
    mutating func instant(_ b: UnsafeRawBufferPointer) -> Instant? {
        instantAndSuffix(b)?.instant
    }

    /// The local date of `instant` in the zone.
    @inline(__always)
    mutating func localDate(of instant: Instant) -> LocalDate {
        let ms = instant.milliseconds
        let block = ms.dividedFloor(by: 900_000)
        if block != lastBlock {
            lastBlockOffset = offsetMilliseconds(block: block)
            lastBlock = block
        }
        return LocalDate(dayNumber: Int32((ms + lastBlockOffset).dividedFloor(by: 86_400_000)))
    }

    private mutating func offsetMilliseconds(block: Int64) -> Int64 {
        if let cached = blockOffsets[block] { return cached }
        if blockOffsets.count > 100_000 { blockOffsets.removeAll() }
        let offset = Int64(zone.offsetSeconds(at: Instant(milliseconds: block * 900_000))) * 1000
        blockOffsets[block] = offset
        return offset
    }

    @inline(__always)
    static func digits2(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int {
        let a = b[i] &- 48, c = b[i + 1] &- 48
        return a < 10 && c < 10 ? Int(a) * 10 + Int(c) : -1
    }

    @inline(__always)
    static func digits4(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int {
        let h = digits2(b, i), l = digits2(b, i + 2)
        return h >= 0 && l >= 0 ? h * 100 + l : -1
    }

    @inline(__always)
    private static func load8(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt64 {
        b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
    }

    @inline(__always)
    private mutating func instantAndSuffix(_ b: UnsafeRawBufferPointer) -> (instant: Instant, naive: Bool)? {
        let n = b.count
        guard n >= 19, b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return nil }
        let minute = Self.digits2(b, 14), second = Self.digits2(b, 17)
        guard minute >= 0, minute < 60, second >= 0, second < 60 else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if i < n && b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            var scale: Int64 = 100
            while i < n {
                let d = b[i] &- 48
                guard d < 10 else { break }
                fraction += Int64(d) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        // Zone suffix: offset in seconds, or the naive marker.
        var suffix: Int64
        if i == n {
            suffix = Self.naiveMarker
        } else {
            let c = b[i]
            if (c == UInt8(ascii: "Z") || c == UInt8(ascii: "z")) && i + 1 == n {
                suffix = 0
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                let len = n - i
                guard len == 5 || len == 6 else { return nil }
                let hh = Self.digits2(b, i + 1)
                let mm = len == 5 ? Self.digits2(b, i + 3)
                    : (b[i + 3] == UInt8(ascii: ":") ? Self.digits2(b, i + 4) : -1)
                guard hh >= 0, hh < 24, mm >= 0, mm < 60 else { return nil }
                suffix = Int64(hh * 3600 + mm * 60)
                if c == UInt8(ascii: "-") { suffix = -suffix }
            } else {
                return nil
            }
        }
        let head = Self.load8(b, 0), tail = Self.load8(b, 5)
        // Adjacent hours differ in the parity of their last digit; the suffix picks the other bit.
        let suffixBit = (UInt64(bitPattern: suffix) &* 0x9E37_79B9_7F4A_7C15) >> 61 & 2
        let slot = Int(UInt64(b[12] & 1) | suffixBit)
        var memo = withUnsafeBytes(of: &memos) { $0.load(fromByteOffset: slot * MemoryLayout<Memo>.stride, as: Memo.self) }
        if head != memo.head || tail != memo.tail || suffix != memo.suffix {
            guard let start = hourStart(b, suffix: suffix) else { return nil }
            memo = Memo(head: head, tail: tail, suffix: suffix, hourStart: start)
            withUnsafeMutableBytes(of: &memos) {
                $0.storeBytes(of: memo, toByteOffset: slot * MemoryLayout<Memo>.stride, as: Memo.self)
            }
        }
        let ms = memo.hourStart + Int64(minute) * 60_000 + Int64(second) * 1000 + fraction
        return (Instant(milliseconds: ms), suffix == Self.naiveMarker)
    }

    /// The UTC milliseconds of `YYYY-MM-DD?HH:00:00` with `suffix`.
    private mutating func hourStart(_ b: UnsafeRawBufferPointer, suffix: Int64) -> Int64? {
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        let sep = b[10]
        guard sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == UInt8(ascii: " ") else { return nil }
        let y = Self.digits4(b, 0), m = Self.digits2(b, 5), d = Self.digits2(b, 8), h = Self.digits2(b, 11)
        guard y >= 0, m >= 0, d >= 0, h >= 0, h < 24, let date = LocalDate(year: y, month: m, day: d) else {
            return nil
        }
        let wall = Int64(date.dayNumber) * 86_400_000 + Int64(h) * 3_600_000
        if suffix != Self.naiveMarker { return wall - suffix * 1000 }
        if let offset = naiveHourOffsets[wall] { return wall - offset }
        if naiveHourOffsets.count > 100_000 { naiveHourOffsets.removeAll() }
        let instant = zone.instant(of: CivilDateTime(date: date, millisecondOfDay: Int64(h) * 3_600_000))
        let offset = wall - instant.milliseconds
        naiveHourOffsets[wall] = offset
        return instant.milliseconds
    }
}
