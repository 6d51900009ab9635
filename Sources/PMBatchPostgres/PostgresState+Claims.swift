import Foundation
import PMBatchCore

/// File claims for concurrent ingest workers. A worker claims a file by locking its `file_claim` row in a
/// transaction on a second connection, reads the file, stores it in one transaction on the first and then ends
/// the claim. A worker killed at any point ends its session, PostgreSQL rolls back whatever it had not
/// committed and releases the row, and the next claimant finds the file either stored (it skips it) or not
/// (it reads it): never stored twice, never lost.
extension PostgresState {
    /// Adds the claim rows of `paths` (committed at once, so other workers can lock them), and the monthly
    /// partitions of the dumps' drop dates and the days before them, so that workers seldom create one while
    /// others store files.
    public func prepareClaims(paths: [String], dropDates: Set<LocalDate>) throws {
        let days = dropDates.union(dropDates.map { $0.adding(days: -1) })
        try retryingConflicts { try ensurePartitions(days: days) }
        guard !paths.isEmpty else { return }
        try link.query("preparing file claims", """
            INSERT INTO file_claim(path) SELECT p FROM unnest($1::text[]) AS p ORDER BY p ON CONFLICT DO NOTHING
            """, [.texts(paths.sorted())])
    }

    /// Claims `path` for this worker until ``endClaim()``: true when it holds the claim, false when another
    /// worker does (only when `wait` is false; with `wait`, it waits for that worker to end its claim or die).
    public func claim(path: String, wait: Bool) throws -> Bool {
        let claims = try claimLink ?? PostgresLink(link.url, purpose: "ingest claims")
        claimLink = claims
        try claims.query("claiming \(path)", "BEGIN")
        let rows = try claims.query("claiming \(path)", """
            SELECT path FROM file_claim WHERE path = $1 FOR UPDATE\(wait ? "" : " SKIP LOCKED")
            """, [.text(path)])
        if rows.isEmpty {
            try claims.query("claiming \(path)", "ROLLBACK")
            return false
        }
        return true
    }

    /// Ends the current claim (after the file was stored, or when it needed no storing).
    public func endClaim() throws {
        try claimLink?.query("ending a file claim", "COMMIT")
    }
}
