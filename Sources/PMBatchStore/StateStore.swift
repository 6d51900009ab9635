import Foundation
import GRDB
import PMBatchCore

/// A failure of the state database, with what was being done.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var action: String
    public var reason: String

    public var description: String { "state database: \(action) failed: \(reason)" }
}

/// The embedded SQLite state: file manifest, ingested rows and aggregates.
public final class StateStore: @unchecked Sendable {
    let queue: DatabaseQueue

    /// Opens (creating when missing) the state at `path` and migrates it.
    public init(path: String) throws(StoreError) {
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.busyMode = .timeout(10)
            // 2 MiB of page cache: inserts arrive in primary-key order, so a small cache suffices and RSS stays low.
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -2048") }
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
            }
            try StateMigrator.migrator.migrate(queue)
        } catch {
            throw StoreError(action: "opening \(path)", reason: "\(error)")
        }
    }

    /// An in-memory state, migrated by the real migrator (for tests and scratch runs).
    public init() throws(StoreError) {
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            queue = try DatabaseQueue(configuration: config)
            try StateMigrator.migrator.migrate(queue)
        } catch {
            throw StoreError(action: "creating an in-memory state", reason: "\(error)")
        }
    }

    func read<T>(_ action: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try queue.read(body) } catch { throw StoreError(action: action, reason: "\(error)") }
    }

    func write<T>(_ action: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try queue.write(body) } catch { throw StoreError(action: action, reason: "\(error)") }
    }

    // MARK: - Meta

    /// A value of the state's key-value table.
    public func meta(_ key: String) throws(StoreError) -> String? {
        try read("reading meta \(key)") { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
        }
    }

    /// Sets a value of the state's key-value table.
    public func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try write("writing meta \(key)") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    // MARK: - Manifest

    /// Every manifest entry, sorted by path.
    public func manifest() throws(StoreError) -> [ManifestEntry] {
        try read("reading the manifest") { db in
            try Row.fetchMapped(db, sql: "SELECT * FROM manifest ORDER BY path", Self.manifestEntry)
        }
    }

    /// Forgets every file (their contributions go too), so the next ingest reads everything again.
    public func forgetAllFiles() throws(StoreError) {
        try write("clearing the manifest") { db in
            try db.execute(sql: """
                DELETE FROM manifest; DELETE FROM active_order; DELETE FROM retired_order; DELETE FROM retired_status;
                DELETE FROM retired_total;
                """)
        }
    }

    static func manifestEntry(_ row: Row) -> ManifestEntry {
        ManifestEntry(
            path: row["path"], kind: FileKind(rawValue: row["kind"]) ?? .telemetry, size: row["size"],
            modificationTime: row["mtime"], contentHash: row["content_hash"],
            dropDate: (row["drop_date"] as Int32?).map(LocalDate.init(dayNumber:)),
            status: ManifestEntry.Status(rawValue: row["status"]) ?? .rejected, error: row["error"],
            rowsRead: row["rows_read"], rowsQuarantined: row["rows_quarantined"],
            duplicatesSkipped: row["duplicates_skipped"],
            arrival: ManifestEntry.Arrival(word: row["arrival"],
                                           night: (row["arrived_after"] as Int32?).map(LocalDate.init(dayNumber:))))
    }

    /// Updates only the modification time of a file whose content is unchanged.
    public func touch(path: String, modificationTime: Double) throws(StoreError) {
        try write("updating \(path)") { db in
            try db.execute(sql: "UPDATE manifest SET mtime = ? WHERE path = ?", arguments: [modificationTime, path])
        }
    }

    /// Records that a file was rejected whole: any earlier contribution of that path is removed,
    /// nothing of the file is kept, and the next ingest retries it.
    public func recordRejected(_ entry: ManifestEntry) throws(StoreError) {
        try write("recording rejected file \(entry.path)") { db in
            try Self.activateOrders(ofPath: entry.path, db)
            try db.execute(sql: "DELETE FROM manifest WHERE path = ?", arguments: [entry.path])
            var rejected = entry
            rejected.status = .rejected
            try Self.insertManifest(rejected, db)
        }
    }

    /// Replaces whatever `contribution.entry.path` contributed before with this contribution,
    /// in one transaction: a reader sees the old file or the new one, never a mix.
    /// `beforeCommit` runs inside the transaction, after every row is written (crash tests use it).
    public func replace(with contribution: FileContribution, beforeCommit: () -> Void = {}) throws(StoreError) {
        try write("storing \(contribution.entry.path)") { db in
            try Self.activateOrders(ofPath: contribution.entry.path, db)
            try db.execute(sql: "DELETE FROM manifest WHERE path = ?", arguments: [contribution.entry.path])
            let fileID = try Self.insertManifest(contribution.entry, db)
            try Self.insertRecords(contribution, fileID: fileID, db)
            try Self.recordRelevance(contribution.entry, fileID: fileID, db)
            try Self.activateOrders(ofPath: contribution.entry.path, db)
            beforeCommit()
        }
    }

    @discardableResult
    static func insertManifest(_ e: ManifestEntry, _ db: Database) throws -> Int64 {
        let seq = (try Int64.fetchOne(db, sql: "SELECT MAX(ingest_seq) FROM manifest") ?? 0) + 1
        try db.execute(
            sql: """
                INSERT INTO manifest(path, kind, size, mtime, content_hash, drop_date, status, error,
                    rows_read, rows_quarantined, duplicates_skipped, ingest_seq, arrival, arrived_after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [e.path, e.kind.rawValue, e.size, e.modificationTime, e.contentHash,
                        e.dropDate?.dayNumber, e.status.rawValue, e.error, e.rowsRead, e.rowsQuarantined,
                        e.duplicatesSkipped, seq, e.arrival.word, e.arrival.night?.dayNumber])
        return db.lastInsertedRowID
    }
}

extension Row {
    /// `fetchAll(…).map(transform)` without materialising every row first: rows are read through a cursor and
    /// turned into values one by one (a night's registry reads stay a list of values, not of rows too).
    static func fetchMapped<T>(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
                               _ transform: (Row) throws -> T) throws -> [T] {
        var result: [T] = []
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try cursor.next() { result.append(try transform(row)) }
        return result
    }

    /// Runs `body` on every row, read through a cursor.
    static func forEach(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
                        _ body: (Row) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try cursor.next() { try body(row) }
    }
}
