/// Parses one JSONL telemetry line, a flat object `{"ts":…, "asset_id":…, "code":…, "value":…}`, from
/// bytes. Keys in any order, extra keys ignored (nested values of extra keys are skipped), the last of
/// repeated keys wins. Strings without escapes are sliced in place (the fast path); strings with escapes
/// (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\uXXXX` with surrogate pairs) are decoded into a
/// scratch buffer (the slow path).
struct JSONLineParser: ~Copyable {
    /// A JSON value's kind as far as telemetry cares.
    enum Kind { case absent, string, number, null, boolean }

    /// The four telemetry fields of a line.
    struct Fields {
        var ts = ByteField(start: nil, count: 0), tsKind = Kind.absent
        var asset = ByteField(start: nil, count: 0), assetKind = Kind.absent
        var code = ByteField(start: nil, count: 0), codeKind = Kind.absent
        var value = ByteField(start: nil, count: 0), valueKind = Kind.absent
    }

    /// A malformed line, with a sentence saying why.
    struct Malformed: Error { var detail: String }

    private let keys: [[UInt8]]
    private let scratch: UnsafeMutablePointer<UInt8>
    private let scratchCapacity: Int
    private var written = 0

    /// A parser looking for the source key names of ts, asset_id, code and value.
    init(ts: String, asset: String, code: String, value: String, maxLineBytes: Int) {
        keys = [Array(ts.utf8), Array(asset.utf8), Array(code.utf8), Array(value.utf8)]
        scratchCapacity = maxLineBytes + 16
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit { scratch.deallocate() }

    @inline(__always)
    private static func skipSpace(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int) {
        while i < n && (p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D || p[i] == 0x0A) { i += 1 }
    }

    /// Parses `p[0..<n]`.
    mutating func parse(_ p: UnsafePointer<UInt8>, _ n: Int) throws(Malformed) -> Fields {
        written = 0
        var f = Fields()
        var i = 0
        Self.skipSpace(p, &i, n)
        guard i < n && p[i] == UInt8(ascii: "{") else { throw Malformed(detail: "not a JSON object") }
        i += 1
        Self.skipSpace(p, &i, n)
        if i < n && p[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard i < n && p[i] == UInt8(ascii: "\"") else { throw Malformed(detail: "expected a key string") }
                let key = try string(p, &i, n)
                Self.skipSpace(p, &i, n)
                guard i < n && p[i] == UInt8(ascii: ":") else { throw Malformed(detail: "expected ':' after a key") }
                i += 1
                Self.skipSpace(p, &i, n)
                let which = keyIndex(key)
                let (field, kind) = try value(p, &i, n)
                switch which {
                case 0: f.ts = field; f.tsKind = kind
                case 1: f.asset = field; f.assetKind = kind
                case 2: f.code = field; f.codeKind = kind
                case 3: f.value = field; f.valueKind = kind
                default: break
                }
                Self.skipSpace(p, &i, n)
                guard i < n else { throw Malformed(detail: "object not closed") }
                if p[i] == UInt8(ascii: ",") {
                    i += 1
                    Self.skipSpace(p, &i, n)
                    continue
                }
                guard p[i] == UInt8(ascii: "}") else { throw Malformed(detail: "expected ',' or '}'") }
                i += 1
                break
            }
        }
        Self.skipSpace(p, &i, n)
        guard i == n else { throw Malformed(detail: "text after the object") }
        return f
    }

    @inline(__always)
    private func keyIndex(_ key: ByteField) -> Int {
        for (k, name) in keys.enumerated() where name.count == key.count {
            if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, key.start!, key.count) == 0 }) { return k }
        }
        return -1
    }

    private mutating func value(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int) throws(Malformed)
        -> (ByteField, Kind) {
        guard i < n else { throw Malformed(detail: "missing value") }
        let c = p[i]
        switch c {
        case UInt8(ascii: "\""):
            return (try string(p, &i, n), .string)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = i
            i += 1
            while i < n {
                let d = p[i]
                if (d >= 0x30 && d <= 0x39) || d == UInt8(ascii: ".") || d == UInt8(ascii: "e")
                    || d == UInt8(ascii: "E") || d == UInt8(ascii: "+") || d == UInt8(ascii: "-") {
                    i += 1
                } else {
                    break
                }
            }
            let field = ByteField(start: p + start, count: i - start)
            guard Self.isJSONNumber(field) else { throw Malformed(detail: "bad number '\(field.string)'") }
            return (field, .number)
        case UInt8(ascii: "n"):
            try literal(p, &i, n, "null")
            return (ByteField(start: nil, count: 0), .null)
        case UInt8(ascii: "t"):
            try literal(p, &i, n, "true")
            return (ByteField(start: p + i - 4, count: 4), .boolean)
        case UInt8(ascii: "f"):
            try literal(p, &i, n, "false")
            return (ByteField(start: p + i - 5, count: 5), .boolean)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipNested(p, &i, n)
            return (ByteField(start: nil, count: 0), .boolean)
        default:
            throw Malformed(detail: "unexpected character in a value")
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private static func isJSONNumber(_ f: ByteField) -> Bool {
        let p = f.start!, n = f.count
        var i = 0
        func digits(_ i: inout Int) -> Int {
            let s = i
            while i < n && p[i] &- 0x30 < 10 { i += 1 }
            return i - s
        }
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n else { return false }
        if p[i] == UInt8(ascii: "0") { i += 1 } else if digits(&i) == 0 { return false }
        if i < n && p[i] == UInt8(ascii: ".") {
            i += 1
            if digits(&i) == 0 { return false }
        }
        if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            if i < n && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
            if digits(&i) == 0 { return false }
        }
        return i == n
    }

    private func literal(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int, _ word: StaticString) throws(Malformed) {
        let w = word.utf8Start
        let len = word.utf8CodeUnitCount
        guard n - i >= len, memcmp(p + i, w, len) == 0 else { throw Malformed(detail: "bad literal") }
        i += len
    }

    /// Skips a nested object or array (strings inside are honoured).
    private mutating func skipNested(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int) throws(Malformed) {
        var depth = 0
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                _ = try string(p, &i, n)
                continue
            }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
            if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { i += 1; return }
            }
            i += 1
        }
        throw Malformed(detail: "nested value not closed")
    }

    /// Parses a string at `p[i] == '"'`; returns its content (in place, or decoded into scratch).
    @inline(__always)
    private mutating func string(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int) throws(Malformed) -> ByteField {
        i += 1
        let start = i
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return ByteField(start: p + start, count: i - 1 - start)
            }
            if c == UInt8(ascii: "\\") { return try escapedString(p, &i, n, start: start) }
            if c < 0x20 { throw Malformed(detail: "control character in a string") }
            i += 1
        }
        throw Malformed(detail: "string not closed")
    }

    private mutating func put(_ byte: UInt8) throws(Malformed) {
        guard written < scratchCapacity else { throw Malformed(detail: "line too long") }
        scratch[written] = byte
        written += 1
    }

    private mutating func escapedString(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int,
                                        start: Int) throws(Malformed) -> ByteField {
        let out = written
        for k in start..<i { try put(p[k]) }
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return ByteField(start: scratch + out, count: written - out)
            }
            if c < 0x20 { throw Malformed(detail: "control character in a string") }
            if c != UInt8(ascii: "\\") {
                try put(c)
                i += 1
                continue
            }
            guard i + 1 < n else { break }
            let e = p[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): try put(e)
            case UInt8(ascii: "b"): try put(0x08)
            case UInt8(ascii: "f"): try put(0x0C)
            case UInt8(ascii: "n"): try put(0x0A)
            case UInt8(ascii: "r"): try put(0x0D)
            case UInt8(ascii: "t"): try put(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(p, &i, n)
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 1 < n, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else {
                        throw Malformed(detail: "lone surrogate in \\u escape")
                    }
                    i += 2
                    let low = try hex4(p, &i, n)
                    guard (0xDC00..<0xE000).contains(low) else { throw Malformed(detail: "bad surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw Malformed(detail: "lone surrogate in \\u escape")
                }
                for byte in String(Character(Unicode.Scalar(scalar)!)).utf8 { try put(byte) }
            default:
                throw Malformed(detail: "bad escape in a string")
            }
        }
        throw Malformed(detail: "string not closed")
    }

    private func hex4(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int) throws(Malformed) -> UInt32 {
        guard n - i >= 4 else { throw Malformed(detail: "short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw Malformed(detail: "bad \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
