import Foundation
import NIOCore
import PMBatchCore
import PMBatchStore
import PostgresNIO

/// The state in PostgreSQL: what `StateStore` keeps in SQLite, with the same queries (SPEC §2 "Shared state"),
/// so a night's outputs are byte-identical. Each method is one query, named after the SQLite method it
/// mirrors; `visibleFile`, `dropped` and `fileOrder` are the same "visible as of" fragments.
///
/// Ingest workers on many hosts share one state: each claims a file (``claim(path:wait:)``), reads it and
/// stores it in one transaction while the claim is held on a second connection.
public final class PostgresState: @unchecked Sendable {
    let link: PostgresLink
    /// The connection holding the current file claim (opened by the first claim).
    var claimLink: PostgresLink?
    /// The monthly partitions of `alert_day` known to exist.
    var partitions: Set<String> = []

    /// Connects to the state at `url` and migrates it.
    public init(url: PostgresURL) throws(PostgresStateError) {
        link = try PostgresLink(url, purpose: "state")
        do {
            try PostgresMigrator.migrate(link)
        } catch let error as PostgresStateError {
            throw error
        } catch {
            throw .failed(action: "migrating", reason: "\(error)")
        }
    }

    // MARK: - Meta

    public func meta(_ key: String) throws -> String? {
        try link.query("reading meta \(key)", "SELECT value FROM meta WHERE key = $1", [.text(key)])
            .first.map { try $0.get(0) }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try link.query("writing meta \(key)", """
            INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, [.text(key), .text(value)])
    }

    // MARK: - Manifest

    static let manifestColumns = """
        m.path, m.kind, m.size, m.mtime, m.content_hash, m.drop_date, m.status, m.error, m.rows_read,
        m.rows_quarantined, m.duplicates_skipped, m.arrival, m.arrived_after
        """

    static func manifestEntry(_ row: PostgresRandomAccessRow) throws -> ManifestEntry {
        ManifestEntry(
            path: try row.get(0), kind: FileKind(rawValue: try row.get(1)) ?? .telemetry, size: try row.get(2),
            modificationTime: try row.get(3), contentHash: try row.get(4),
            dropDate: try row.get(5, as: Int32?.self).map(LocalDate.init(dayNumber:)),
            status: ManifestEntry.Status(rawValue: try row.get(6)) ?? .rejected, error: try row.get(7),
            rowsRead: try row.get(8), rowsQuarantined: try row.get(9), duplicatesSkipped: try row.get(10),
            arrival: ManifestEntry.Arrival(word: try row.get(11),
                                           night: try row.get(12, as: Int32?.self).map(LocalDate.init(dayNumber:))))
    }

    public func manifest() throws -> [ManifestEntry] {
        try link.query("reading the manifest", "SELECT \(Self.manifestColumns) FROM manifest m ORDER BY m.path")
            .map(Self.manifestEntry)
    }

    /// The manifest entry of one path, as committed now (a worker checks it once it holds the file's claim).
    public func manifestEntry(path: String) throws -> ManifestEntry? {
        try link.query("reading the manifest entry of \(path)",
                       "SELECT \(Self.manifestColumns) FROM manifest m WHERE m.path = $1", [.text(path)])
            .first.map(Self.manifestEntry)
    }

    public func forgetAllFiles() throws {
        try link.query("clearing the manifest", "DELETE FROM manifest")
    }

    public func touch(path: String, modificationTime: Double) throws {
        try link.query("updating \(path)", "UPDATE manifest SET mtime = $1 WHERE path = $2",
                       [.double(modificationTime), .text(path)])
    }

    public func recordRejected(_ entry: ManifestEntry) throws {
        try link.transaction("recording rejected file \(entry.path)") {
            try link.query("recording rejected file \(entry.path)", "DELETE FROM manifest WHERE path = $1",
                           [.text(entry.path)])
            var rejected = entry
            rejected.status = .rejected
            try insertManifest(rejected)
        }
    }

    public func replace(with contribution: FileContribution, beforeCommit: () -> Void) throws {
        try retryingConflicts { try store(contribution, beforeCommit: beforeCommit) }
    }

    private func store(_ contribution: FileContribution, beforeCommit: () -> Void) throws {
        let path = contribution.entry.path
        // Partitions and keys first, each committed on its own: DDL and new keys must not wait for (or make
        // other workers wait for) a file's transaction.
        if !contribution.telemetry.isEmpty { try ensurePartitions(days: Set(contribution.telemetry.map(\.day))) }
        let codeKeys = try keys(kind: "code", names: Set(contribution.telemetry.map(\.code)))
        let assetKeys = try keys(kind: "asset", names: Set(contribution.telemetry.map(\.assetID)))
        try link.transaction("storing \(path)") {
            try link.query("storing \(path)", "DELETE FROM manifest WHERE path = $1", [.text(path)])
            let fileID = try insertManifest(contribution.entry)
            try insertRecords(contribution, fileID: fileID)
            if !contribution.telemetry.isEmpty {
                try insertTelemetry(contribution.telemetry, fileID: fileID, dropDate: contribution.entry.dropDate,
                                    codeKeys: codeKeys, assetKeys: assetKeys)
            }
            beforeCommit()
        }
    }

    /// Runs `body` again (a few times, after a pause) when PostgreSQL aborted it to break a deadlock between
    /// workers (creating a month's partition while another stores a file) or a serialization conflict.
    func retryingConflicts<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as PostgresStateError where error.isConflict && attempt < 8 {
                attempt += 1
                usleep(UInt32(20_000 * attempt + Int.random(in: 0..<20_000)))
            }
        }
    }

    @discardableResult
    private func insertManifest(_ e: ManifestEntry) throws -> Int {
        try link.query("storing \(e.path)", """
            INSERT INTO manifest(path, kind, size, mtime, content_hash, drop_date, status, error, rows_read,
                rows_quarantined, duplicates_skipped, ingest_seq, arrival, arrived_after)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                    (SELECT COALESCE(MAX(ingest_seq), 0) + 1 FROM manifest), $12, $13)
            RETURNING id
            """, [.text(e.path), .text(e.kind.rawValue), .int(Int(e.size)), .double(e.modificationTime),
                  .text(e.contentHash), .date(e.dropDate?.dayNumber), .text(e.status.rawValue), .text(e.error),
                  .int(e.rowsRead), .int(e.rowsQuarantined), .int(e.duplicatesSkipped), .text(e.arrival.word),
                  .date(e.arrival.night?.dayNumber)])[0].get(0)
    }

    public func knownAssetIDs() throws -> Set<String> {
        Set(try link.query("reading asset IDs", """
            SELECT DISTINCT a.asset_id FROM asset a JOIN manifest m ON m.id = a.file_id WHERE m.status = 'ok'
            """).map { try $0.get(0, as: String.self) })
    }

    // MARK: - "Visible as of" (the same fragments as `StateStore+Visibility`, with numbered parameters)

    /// `m.status = 'ok' AND (m.drop_date IS NULL OR m.drop_date <= $n)`.
    static func visibleFile(_ manifest: String = "m", night: String) -> String {
        "\(manifest).status = 'ok' AND " + dropped(manifest, onOrBefore: night)
    }

    /// `(d.drop_date IS NULL OR d.drop_date <= bound)`.
    static func dropped(_ table: String, onOrBefore bound: String) -> String {
        "(\(table).drop_date IS NULL OR \(table).drop_date <= \(bound))"
    }

    /// Files in drop order (an undated file as if dropped on the night `night`), then by path, rows in file order.
    static func fileOrder(_ table: String, manifest: String = "m", night: String) -> String {
        "COALESCE(\(manifest).drop_date, \(night)), \(manifest).path, \(table).line"
    }
}
