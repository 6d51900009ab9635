import Foundation

/// A `--db postgresql://USER@HOST:PORT/DB` (or `postgres://…`) state address, with the password found the way
/// libpq finds it: `PGPASSWORD`, else the matching line of `PGPASSFILE` or `~/.pgpass`. A password is never
/// part of the URL (it would show in `ps` and in shell histories) and never part of any message.
public struct PostgresURL: Sendable, Equatable {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String

    /// Whether `--db` names a PostgreSQL state rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// Parses `postgresql://USER@HOST[:PORT]/DB`; throws a one-line reason (never echoing a password).
    public init(_ text: String) throws(PostgresStateError) {
        guard Self.isPostgres(text), let schemeEnd = text.range(of: "://") else {
            throw .malformedURL("it must start with postgresql:// or postgres://")
        }
        let rest = text[schemeEnd.upperBound...]
        guard !rest.contains("?"), !rest.contains("#") else {
            throw .malformedURL("query parameters are not supported; give postgresql://USER@HOST:PORT/DB")
        }
        guard let at = rest.lastIndex(of: "@") else {
            throw .malformedURL("the user is missing; give postgresql://USER@HOST:PORT/DB")
        }
        let userPart = rest[..<at]
        if userPart.contains(":") {
            throw .malformedURL("a password does not belong in the URL; set PGPASSWORD or use ~/.pgpass")
        }
        let hostAndPath = rest[rest.index(after: at)...]
        guard let slash = hostAndPath.firstIndex(of: "/") else {
            throw .malformedURL("the database name is missing; give postgresql://USER@HOST:PORT/DB")
        }
        let hostPort = hostAndPath[..<slash]
        let database = hostAndPath[hostAndPath.index(after: slash)...]
        guard let user = String(userPart).removingPercentEncoding, !user.isEmpty else {
            throw .malformedURL("the user is missing or badly escaped")
        }
        guard let name = String(database).removingPercentEncoding, !name.isEmpty, !name.contains("/") else {
            throw .malformedURL("the database name is missing or badly escaped")
        }
        var host = String(hostPort)
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            host = String(hostPort[..<colon])
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw .malformedURL("the port must be a number from 1 to 65535")
            }
            port = number
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" || $0 == "@" }) else {
            throw .malformedURL("the host is missing or not a host name")
        }
        self.user = user
        self.host = host
        self.port = port
        self.database = name
    }

    /// The URL as given on the command line (no password): what messages name.
    public var description: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    /// The password: `PGPASSWORD`, else the first matching line of `PGPASSFILE` or `~/.pgpass` (ignored when
    /// others may read it, as libpq does); nil when neither has one.
    public func password(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let password = environment["PGPASSWORD"] { return password }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = environment["PGPASSFILE"] ?? (home as NSString).appendingPathComponent(".pgpass")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 == 0,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.passFileFields(line)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// The `:`-separated fields of a `.pgpass` line (`\:` and `\\` escape).
    static func passFileFields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
