/// One step of a path into a TOML document: a key, or a 0-based element of an array
/// (an array of tables `[[x]]` or an inline array).
enum TOMLPathComponent: Hashable, Sendable {
    case key(String)
    case index(Int)
}

/// Finds the source line of every key in a TOML document.
///
/// TOMLKit does not report where a key was written, so this scanner walks the text once, tracking
/// the current table header (`[a.b]`, and `[[x]]` with its element count), dotted and quoted keys,
/// inline tables and multi-line arrays and strings, and records the line each path starts on.
/// It runs only on text TOMLKit has already accepted, so it can be lenient about malformed input.
struct TOMLKeyLocator: Sendable {
    private var lines: [[TOMLPathComponent]: Int] = [:]

    init(text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        scanner.scanDocument()
        lines = scanner.lines
    }

    /// The line `path` was written on; for a table only created implicitly (e.g. `columns` by
    /// `[columns.telemetry]`), the first line of anything under it; nil when nothing matches.
    func line(of path: [TOMLPathComponent]) -> Int? {
        if let line = lines[path] { return line }
        var best: Int?
        for (candidate, line) in lines where candidate.count > path.count && candidate.starts(with: path) {
            best = min(best ?? line, line)
        }
        return best
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var lines: [[TOMLPathComponent]: Int] = [:]
        /// Arrays of tables seen so far → how many elements they have.
        var tableArrayCounts: [[TOMLPathComponent]: Int] = [:]

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { i >= bytes.count }
        var current: UInt8 { bytes[i] }

        mutating func record(_ path: [TOMLPathComponent], line: Int) {
            if lines[path] == nil { lines[path] = line }
        }

        mutating func scanDocument() {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
            var prefix: [TOMLPathComponent] = []
            while true {
                skipTrivia(newlines: true)
                guard !atEnd else { return }
                let start = i
                if current == UInt8(ascii: "[") {
                    let isTableArray = i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "[")
                    i += isTableArray ? 2 : 1
                    let parts = scanKey()
                    if isTableArray {
                        let base = resolve(parts.dropLast()) + parts.suffix(1).map { .key($0) }
                        let count = tableArrayCounts[base, default: 0]
                        tableArrayCounts[base] = count + 1
                        record(base, line: line)
                        prefix = base + [.index(count)]
                    } else {
                        prefix = resolve(parts[...])
                    }
                    record(prefix, line: line)
                    skipRestOfLine()
                } else {
                    scanKeyValue(prefix: prefix)
                    skipRestOfLine()
                }
                if i == start { i += 1 }  // never loop on input the scanner does not understand
            }
        }

        /// Header keys pass through the last element of any array of tables they name.
        func resolve(_ parts: ArraySlice<String>) -> [TOMLPathComponent] {
            var path: [TOMLPathComponent] = []
            for part in parts {
                path.append(.key(part))
                if let count = tableArrayCounts[path] { path.append(.index(count - 1)) }
            }
            return path
        }

        mutating func scanKeyValue(prefix: [TOMLPathComponent]) {
            let keyLine = line
            let parts = scanKey()
            guard !parts.isEmpty else { return }
            var path = prefix
            for part in parts {
                path.append(.key(part))
                record(path, line: keyLine)
            }
            skipTrivia(newlines: false)
            guard !atEnd, current == UInt8(ascii: "=") else { return }
            i += 1
            skipTrivia(newlines: false)
            scanValue(path: path)
        }

        mutating func scanValue(path: [TOMLPathComponent]) {
            guard !atEnd else { return }
            switch current {
            case UInt8(ascii: "{"):
                i += 1
                while true {
                    skipTrivia(newlines: true)
                    guard !atEnd else { return }
                    if current == UInt8(ascii: "}") { i += 1; return }
                    if current == UInt8(ascii: ",") { i += 1; continue }
                    let start = i
                    scanKeyValue(prefix: path)
                    if i == start { i += 1 }
                }
            case UInt8(ascii: "["):
                i += 1
                var index = 0
                while true {
                    skipTrivia(newlines: true)
                    guard !atEnd else { return }
                    if current == UInt8(ascii: "]") { i += 1; return }
                    if current == UInt8(ascii: ",") { i += 1; continue }
                    let start = i
                    let element = path + [.index(index)]
                    record(element, line: line)
                    scanValue(path: element)
                    index += 1
                    if i == start { i += 1 }
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                _ = scanString()
            default:
                while !atEnd {
                    switch current {
                    case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "#"),
                         UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                        return
                    default:
                        i += 1
                    }
                }
            }
        }

        /// A dotted key of bare and quoted parts.
        mutating func scanKey() -> [String] {
            var parts: [String] = []
            while true {
                skipTrivia(newlines: false)
                guard !atEnd else { return parts }
                if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                    parts.append(scanString())
                } else {
                    let start = i
                    while !atEnd, Scanner.isBareKeyByte(current) { i += 1 }
                    guard i > start else { return parts }
                    parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
                }
                skipTrivia(newlines: false)
                guard !atEnd, current == UInt8(ascii: ".") else { return parts }
                i += 1
            }
        }

        static func isBareKeyByte(_ c: UInt8) -> Bool {
            (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_")
                || c == UInt8(ascii: "-")
        }

        /// Scans a basic, literal or multi-line string starting at the opening quote; returns its
        /// text with the common escapes decoded (enough to match quoted keys).
        mutating func scanString() -> String {
            let quote = current
            let isBasic = quote == UInt8(ascii: "\"")
            let multiLine = i + 2 < bytes.count && bytes[i + 1] == quote && bytes[i + 2] == quote
            i += multiLine ? 3 : 1
            var out: [UInt8] = []
            while !atEnd {
                let c = current
                if c == quote {
                    if !multiLine { i += 1; break }
                    if i + 2 < bytes.count, bytes[i + 1] == quote, bytes[i + 2] == quote {
                        i += 3
                        while !atEnd, current == quote { out.append(quote); i += 1 }  // `""""` ends with a quote
                        break
                    }
                }
                if c == UInt8(ascii: "\n") { line += 1 }
                if isBasic, c == UInt8(ascii: "\\"), i + 1 < bytes.count {
                    let next = bytes[i + 1]
                    i += 2
                    switch next {
                    case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                    case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                    case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
                    case UInt8(ascii: "u"), UInt8(ascii: "U"):
                        let width = next == UInt8(ascii: "u") ? 4 : 8
                        let end = min(i + width, bytes.count)
                        let hex = String(decoding: bytes[i..<end], as: UTF8.self)
                        if let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) {
                            out.append(contentsOf: Array(String(scalar).utf8))
                        }
                        i = end
                    case UInt8(ascii: "\n"):
                        line += 1
                    default: out.append(next)
                    }
                    continue
                }
                out.append(c)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// Skips spaces, tabs and comments, and newlines too when asked.
        mutating func skipTrivia(newlines: Bool) {
            while !atEnd {
                switch current {
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    i += 1
                case UInt8(ascii: "\r") where newlines:
                    i += 1
                case UInt8(ascii: "\n") where newlines:
                    line += 1
                    i += 1
                case UInt8(ascii: "#") where newlines:
                    while !atEnd, current != UInt8(ascii: "\n") { i += 1 }
                default:
                    return
                }
            }
        }

        /// Skips to the start of the next line.
        mutating func skipRestOfLine() {
            while !atEnd, current != UInt8(ascii: "\n") { i += 1 }
            if !atEnd { i += 1; line += 1 }
        }
    }
}
