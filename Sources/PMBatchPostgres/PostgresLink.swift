import Foundation
import Dispatch
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One blocking connection to the server: the night code is synchronous, postgres-nio is not. Queries go
/// through postgres-nio's `EventLoopFuture` API and wait on the calling thread; `COPY FROM`, async only, runs
/// as a task on a private serial queue (a task executor of its own), never on the cooperative pool, so a
/// caller blocking a pool thread (a test) cannot starve it.
final class PostgresLink: @unchecked Sendable {
    let url: PostgresURL
    private let group: MultiThreadedEventLoopGroup
    private let connection: PostgresConnection
    private let logger: Logger
    private static let executor = QueueTaskExecutor()

    /// Connects as `url.user` with the password of `PGPASSWORD` or `~/.pgpass`.
    init(_ url: PostgresURL, purpose: String) throws(PostgresStateError) {
        self.url = url
        var logger = Logger(label: "pmbatch.postgres")
        logger.logLevel = .critical
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password(), database: url.database,
            tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        // Which process a session belongs to, for operators (and the tests) reading pg_stat_activity.
        configuration.options.additionalStartupParameters = [
            ("application_name", "pmbatch \(purpose) pid \(ProcessInfo.processInfo.processIdentifier)"),
        ]
        do {
            connection = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: 1,
                                                        logger: logger).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw .cannotConnect(url: url.description, reason: PostgresStateError.reason(error))
        }
    }

    deinit {
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// Runs `sql` with `binds` ($1, $2, …) and returns every row.
    @discardableResult
    func query(_ action: @autoclosure () -> String, _ sql: String, _ binds: [PostgresValue] = [])
        throws(PostgresStateError) -> [PostgresRandomAccessRow]
    {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds { value.append(to: &bindings) }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger).wait()
                .rows.map { $0.makeRandomAccess() }
        } catch {
            throw .failed(action: action(), reason: PostgresStateError.reason(error))
        }
    }

    /// Runs statements separated by `;` (no parameters, no `;` inside a literal), such as a migration: one
    /// at a time, since an extended-protocol query holds one statement.
    func script(_ action: @autoclosure () -> String, _ sql: String) throws(PostgresStateError) {
        for statement in sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
            try query(action(), String(statement))
        }
    }

    /// Runs `body` between `BEGIN` and `COMMIT` (`ROLLBACK` when it throws).
    func transaction<T>(_ action: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        try query(action(), "BEGIN")
        do {
            let result = try body()
            try query(action(), "COMMIT")
            return result
        } catch {
            _ = try? query(action(), "ROLLBACK")
            throw error
        }
    }

    /// `COPY table(columns) FROM STDIN` in the text format, streaming `chunks` (tab-separated lines).
    func copy(_ action: @autoclosure () -> String, table: String, columns: [String], chunks: [ByteBuffer])
        throws(PostgresStateError)
    {
        let connection = self.connection, logger = self.logger
        let result = Self.blocking { () async throws in
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                for chunk in chunks { try await writer.write(chunk) }
            }
        }
        if case .failure(let error) = result {
            throw .failed(action: action(), reason: PostgresStateError.reason(error))
        }
    }

    /// Runs `body` on the private executor and waits for it on this thread.
    private static func blocking(_ body: @escaping @Sendable () async throws -> Void) -> Result<Void, any Error> {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        Task(executorPreference: executor) {
            do { try await body() } catch { box.error = error }
            done.signal()
        }
        done.wait()
        return box.error.map { .failure($0) } ?? .success(())
    }
}

/// The outcome of a blocking task, written by the task before it signals.
private final class ResultBox: @unchecked Sendable {
    var error: (any Error)?
}

/// A task executor on a private serial dispatch queue.
private final class QueueTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "pmbatch.postgres.copy")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A bound parameter.
enum PostgresValue: Sendable {
    case int(Int)
    case text(String)
    case double(Double)
    case null
    case texts([String])
    case ints([Int])

    static func date(_ day: Int32?) -> PostgresValue { day.map { .int(Int($0)) } ?? .null }
    static func optional(_ text: String?) -> PostgresValue { text.map { .text($0) } ?? .null }
    static func optional(_ number: Double?) -> PostgresValue { number.map { .double($0) } ?? .null }

    func append(to bindings: inout PostgresBindings) {
        switch self {
        case .int(let v): bindings.append(v)
        case .text(let v): bindings.append(v)
        case .double(let v): bindings.append(v)
        case .null: bindings.appendNull()
        case .texts(let v): bindings.append(v)
        case .ints(let v): bindings.append(v)
        }
    }
}

extension PostgresRandomAccessRow {
    /// Column `index` as `T` (an optional for a nullable column).
    func get<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try self[index].decode(T.self)
    }
}
