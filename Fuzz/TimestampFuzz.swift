// libFuzzer target: the timestamp and date parser.
//
// Oracle: a parser that has seen earlier inputs (its hour memo and zone caches warm) gives the same result
// as a fresh parser; an accepted naive timestamp's local date is its written date; an accepted RFC 3339
// timestamp with `Z` has exactly the instant its fields say.
@testable import PMBatchIngest
import PMBatchCore

nonisolated(unsafe) var warmParsers: [TimestampParser] = fuzzZones.map { TimestampParser(zone: $0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func timestampFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let zoneIndex = Int(data[0]) % fuzzZones.count
    let bytes = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    var fresh = TimestampParser(zone: fuzzZones[zoneIndex])
    let instant = fresh.instant(bytes)
    var freshForDate = TimestampParser(zone: fuzzZones[zoneIndex])
    let date = freshForDate.date(bytes)
    let warmInstant = warmParsers[zoneIndex].instant(bytes)
    let warmDate = warmParsers[zoneIndex].date(bytes)
    if instant != warmInstant || date != warmDate {
        fuzzFail("warm parser differs: fresh \(String(describing: instant)) \(String(describing: date)), "
                 + "warm \(String(describing: warmInstant)) \(String(describing: warmDate))")
    }
    if let instant {
        if date == nil { fuzzFail("an instant without a date") }
        let text = String(decoding: bytes, as: UTF8.self)
        let utf8 = Array(text.utf8)
        // `YYYY-MM-DDTHH:MM:SSZ` exactly: check the instant against the fields.
        if utf8.count == 20 && (utf8[19] == UInt8(ascii: "Z") || utf8[19] == UInt8(ascii: "z")) {
            let y = Int(String(decoding: utf8[0..<4], as: UTF8.self)) ?? -1
            let mo = Int(String(decoding: utf8[5..<7], as: UTF8.self)) ?? -1
            let d = Int(String(decoding: utf8[8..<10], as: UTF8.self)) ?? -1
            let h = Int(String(decoding: utf8[11..<13], as: UTF8.self)) ?? -1
            let mi = Int(String(decoding: utf8[14..<16], as: UTF8.self)) ?? -1
            let s = Int(String(decoding: utf8[17..<19], as: UTF8.self)) ?? -1
            guard let day = LocalDate(year: y, month: mo, day: d) else { fuzzFail("accepted a bad date: \(text)") }
            let expected = Int64(day.dayNumber) * 86_400_000 + Int64(h * 3600 + mi * 60 + s) * 1000
            if instant.milliseconds != expected || h > 23 || mi > 59 || s > 59 {
                fuzzFail("\(text) parsed as \(instant.milliseconds), expected \(expected)")
            }
        }
    }
    return 0
}
