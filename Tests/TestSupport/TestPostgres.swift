import Foundation
@testable import PMBatchPostgres

/// The PostgreSQL server of the shared-state tests: `PMBATCH_TEST_POSTGRES=postgresql://USER@HOST:PORT/DB`
/// (`.ci/run` starts a throwaway cluster and sets it, with `PGPASSWORD`). Without it those tests skip with a
/// note; in CI (`CI=true`) its absence fails them instead.
public enum TestPostgres {
    /// The server's URL, nil when none is given.
    public static let url: String? = ProcessInfo.processInfo.environment["PMBATCH_TEST_POSTGRES"]
        .flatMap { $0.isEmpty ? nil : $0 }

    /// Whether the PostgreSQL tests run.
    public static var available: Bool {
        if url == nil && ProcessInfo.processInfo.environment["CI"] != "true" {
            noteSkipped()
            return false
        }
        return true
    }

    /// The note printed once when the PostgreSQL tests skip.
    private static let note: Void = {
        FileHandle.standardError.write(Data(
            "note: PMBATCH_TEST_POSTGRES is not set: the PostgreSQL state tests are skipped (.ci/run starts a server)\n"
                .utf8))
    }()

    static func noteSkipped() { _ = note }

    /// A fresh, empty database on the test server, as a `--db` URL. Its default collation is ICU's en-US where
    /// the server has ICU (PostgreSQL 15+), as on most real servers: text that the state sorts by bytes (as
    /// SQLite does) would sort otherwise there ("a" < "B"), so a missing `COLLATE "C"` shows.
    public static func makeDatabase(_ label: String = "t") throws -> String {
        guard let url else { throw TestPostgresError.noServer }
        let server = try PostgresURL(url)
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let name = "pmbatch_\(label)_\(suffix)"
        let link = try PostgresLink(server, purpose: "tests")
        do {
            try link.query("creating a test database", """
                CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'
                LOCALE 'C.UTF-8'
                """)
        } catch {
            try link.query("creating a test database", "CREATE DATABASE \(name)")
        }
        var fresh = server
        fresh.database = name
        return fresh.description
    }
}

extension TestPostgres {
    /// Whether process `pid` is inside a transaction storing a file on the database `url` (its state session idle
    /// in a transaction: paused there by `PMBATCH_PAUSE_AT=ingest.inside-transaction`).
    public static func isInsideTransaction(url: String, pid: Int32) throws -> Bool {
        let link = try PostgresLink(PostgresURL(url), purpose: "tests")
        return try !link.query("reading sessions", """
            SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = $1 AND state = 'idle in transaction'
            """, [.text("pmbatch state pid \(pid)")]).isEmpty
    }
}

/// Why a PostgreSQL test could not start.
public enum TestPostgresError: Error {
    case noServer
}
