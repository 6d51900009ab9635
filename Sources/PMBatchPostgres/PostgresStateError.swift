import NIOCore
import PostgresNIO

/// A failure of the PostgreSQL state, in one line that never contains a password.
public enum PostgresStateError: Error, CustomStringConvertible, Sendable {
    /// The `--db` URL cannot be parsed (a usage error).
    case malformedURL(String)
    /// The server cannot be reached, refuses the login or has no such database.
    case cannotConnect(url: String, reason: String)
    /// Another process holds the night (`holders`: who, as each recorded itself).
    case nightHeld(url: String, holders: [String])
    /// A statement failed while doing `action`.
    case failed(action: String, reason: String)

    public var description: String {
        switch self {
        case .malformedURL(let why): "--db is not a PostgreSQL URL postgresql://USER@HOST:PORT/DB: \(why)"
        case .cannotConnect(let url, let reason): "cannot open the PostgreSQL state \(url): \(reason)"
        case .nightHeld(let url, let holders):
            "another pmbatch run holds the state \(url) ("
                + (holders.isEmpty ? "holder unknown" : holders.joined(separator: "; ")) + "); wait for it to finish"
        case .failed(let action, let reason): "PostgreSQL state: \(action) failed: \(reason)"
        }
    }

    /// Whether PostgreSQL aborted the statement to break a deadlock or a serialization conflict (SQLSTATE 40P01,
    /// 40001): running it again succeeds.
    var isConflict: Bool {
        guard case .failed(_, let reason) = self else { return false }
        return reason.hasSuffix("(SQLSTATE 40P01)") || reason.hasSuffix("(SQLSTATE 40001)")
    }

    /// What went wrong, from a postgres-nio error: the server's message (which names users and databases, never
    /// passwords) or the connection failure. `PSQLError.description` hides both on purpose.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + state
            }
            switch error.code {
            case .authMechanismRequiresPassword:
                return "the server asks for a password: set PGPASSWORD or add a line to ~/.pgpass"
            case .connectionError, .serverClosedConnection, .uncleanShutdown:
                return error.underlying.map(reason) ?? "the connection failed"
            default:
                return error.underlying.map(reason) ?? "\(error.code)"
            }
        }
        if let error = error as? PostgresDecodingError {
            return "column \(error.columnName) of type \(error.postgresType) cannot be read as \(error.targetType)"
        }
        if let error = error as? IOError { return error.description }
        // NIO's connection errors list every address tried; the planner needs the gist.
        let text = "\(error)"
        if text.contains("Connection refused") { return "connection refused (is the server running on that port?)" }
        if text.contains("UnknownHost") { return "unknown host" }
        if text.contains("timed out") || text.contains("connectTimeout") { return "the connection timed out" }
        if let error = error as? PostgresStateError { return error.description }
        return "\(error)"
    }
}
