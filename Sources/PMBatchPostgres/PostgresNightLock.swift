import Foundation

/// The night held exclusively (`analyze`, `report`, `run`) or shared (`ingest` workers) through a session
/// advisory lock, which PostgreSQL releases when the holder's session ends, so a killed run's lock is simply
/// gone. Every holder records who it is (`night_holder`, by backend), so a refused process can name them.
public final class PostgresNightLock {
    private let link: PostgresLink

    /// The advisory lock key of the night ('pmba').
    static let key = 0x706D_6261

    /// Takes the night (`exclusive`) or a share of it, or throws `.nightHeld` naming the holders.
    public init(url: PostgresURL, exclusive: Bool, holder: String) throws(PostgresStateError) {
        link = try PostgresLink(url, purpose: exclusive ? "night" : "ingest")
        do {
            try PostgresMigrator.migrate(link)
            let function = exclusive ? "pg_try_advisory_lock" : "pg_try_advisory_lock_shared"
            let taken: Bool = try link.query("taking the night", "SELECT \(function)($1)", [.int(Self.key)])[0].get(0)
            guard taken else {
                let holders = try link.query("reading the night's holders", """
                    SELECT h.holder FROM pg_locks l JOIN night_holder h ON h.backend_pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid::text::bigint = $1
                        AND l.objsubid = 1 AND l.granted
                    ORDER BY h.holder
                    """, [.int(Self.key)]).map { try $0.get(0, as: String.self) }
                throw PostgresStateError.nightHeld(url: url.description, holders: holders)
            }
            try link.query("recording the night's holder", """
                DELETE FROM night_holder
                WHERE backend_pid NOT IN (SELECT pid FROM pg_stat_activity) OR backend_pid = pg_backend_pid()
                """)
            try link.query("recording the night's holder",
                           "INSERT INTO night_holder(backend_pid, holder) VALUES (pg_backend_pid(), $1)",
                           [.text(holder)])
        } catch let error as PostgresStateError {
            throw error
        } catch {
            throw .failed(action: "taking the night", reason: PostgresStateError.reason(error))
        }
    }
}
