import ArgumentParser
import Foundation
import Logging
import PMBatchReport

/// `--quiet`, `--verbose` and `--log-format`: how much the command says, and in which form.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .long, help: "Print only errors (no summary, no progress).")
    var quiet = false

    @Flag(name: .long, help: "Log every step and file.")
    var verbose = false

    @Option(name: .customLong("log-format"), help: "Log lines on stderr as text or json (one object per line).")
    var logFormat: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(logFormat) else {
            throw ValidationError("--log-format must be text or json, got '\(logFormat)'.")
        }
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other.") }
    }

    /// Sets up the process-wide log handler and returns the command's logger.
    func makeLogger(_ label: String) -> Logger {
        let level: Logger.Level = quiet ? .error : verbose ? .debug : .info
        let json = logFormat == "json"
        LoggingBootstrap.once { label in
            var handler = StderrLogHandler(label: label, json: json)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}

/// Bootstraps swift-log once per process.
enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false

    static func once(_ factory: @escaping @Sendable (String) -> any LogHandler) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap(factory)
    }
}

/// Log lines on stderr: `2026-11-25T02:00:01Z info pmbatch: message key=value`, or one JSON object a line
/// for log collectors (`{"ts":…,"level":…,"message":…,…metadata}`).
struct StderrLogHandler: LogHandler {
    let label: String
    let json: Bool
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        let ts = ISO8601DateFormatter().string(from: Date())
        let line: String
        if json {
            var fields = ["\"ts\":\(quote(ts))", "\"level\":\(quote(event.level.rawValue))",
                          "\"logger\":\(quote(label))", "\"message\":\(quote(event.message.description))"]
            for (key, value) in all.sorted(by: { $0.key < $1.key }) {
                fields.append("\(quote(key)):\(Self.json(value))")
            }
            line = "{" + fields.joined(separator: ",") + "}\n"
        } else {
            let extras = all.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            line = "\(ts) \(event.level.rawValue) \(label): \(event.message)\(extras)\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    private func quote(_ text: String) -> String { JSONText.quoted(text) }

    /// A metadata value as JSON: a number or Boolean given as `.stringConvertible` (`"rows": .stringConvertible(12)`)
    /// stays a number or Boolean; arrays and dictionaries nest (keys sorted); everything else is a string.
    static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text):
            return JSONText.quoted(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let flag as Bool: return flag ? "true" : "false"
            case let integer as any BinaryInteger: return "\(integer)"
            case let number as Double where number.isFinite: return "\(number)"
            case let number as Float where number.isFinite: return "\(number)"
            default: return JSONText.quoted(convertible.description)
            }
        case .array(let items):
            return "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { JSONText.quoted($0.key) + ":" + json($0.value) }
                .joined(separator: ",") + "}"
        }
    }
}
