import Foundation
import PMBatchCore
import PMBatchIngest
import PMBatchReport
import PMBatchStore

/// What an ingest did.
public struct IngestOutcome: Sendable {
    public var filesSeen = 0
    public var filesRead = 0
    public var filesUnchanged = 0
    /// Files another ingest worker stored while this one was running (a shared state).
    public var filesStoredByOthers = 0
    public var rowsRead = 0
    public var rowsQuarantined = 0
    public var duplicatesSkipped = 0
    public var bytesRead: Int64 = 0
    public var rejected: [RejectedFile] = []
    /// Every quarantined row kept in full (validate prints them).
    public var quarantined: [QuarantinedRow] = []
    public var reingestedForConfigChange = false
}

/// Step 1 of the night (SPEC §2): reads every new or changed input file visible as of the as-of date into
/// the state, one transaction per file; rejects unreadable files whole so the next run retries them.
public struct IngestJob {
    public var dataDirectory: String
    public var asOf: LocalDate
    public var rules: RuleSet
    public var progress: any NightProgress
    /// The data directory's files when the caller already scanned it (`DataFolder.files`); nil: scan here.
    public var files: [DataFile]?

    /// Memberwise.
    public init(dataDirectory: String, asOf: LocalDate, rules: RuleSet, progress: any NightProgress = SilentProgress(),
                files: [DataFile]? = nil) {
        self.dataDirectory = dataDirectory
        self.asOf = asOf
        self.rules = rules
        self.progress = progress
        self.files = files
    }

    /// The settings that change what ingest stores; when they change, every file is read again.
    var ingestSettingsKey: String {
        var text = "zone=\(rules.zone.identifier)"
        for kind in FileKind.allCases {
            for (column, source) in (rules.columns.mappings[kind] ?? [:]).sorted(by: { $0.key < $1.key }) {
                text += "|\(kind.rawValue).\(column)=\(source)"
            }
        }
        for (kind, entry) in rules.files.entries.sorted(by: { $0.key < $1.key }) {
            text += "|files.\(kind.rawValue)=\(entry.globs.joined(separator: ","))@\(entry.dropDate?.description ?? "")"
        }
        return text
    }

    /// Ingests into `store`. A file that cannot be read is recorded as rejected, not thrown; anything
    /// thrown (the state cannot be written, the data directory is gone) means the run cannot complete.
    public func run(into store: any NightState) throws(NightFailure) -> IngestOutcome {
        do {
            return try ingest(into: store)
        } catch let failure as NightFailure {
            throw failure
        } catch {
            throw NightFailure.cannotComplete("ingest: \(error)")
        }
    }

    private func ingest(into store: any NightState) throws -> IngestOutcome {
        var outcome = IngestOutcome()
        if try store.meta("ingest_settings") != ingestSettingsKey {
            if !(try store.manifest().isEmpty) {
                try store.forgetAllFiles()
                outcome.reingestedForConfigChange = true
            }
            try store.setMeta("ingest_settings", ingestSettingsKey)
        }
        // A dated file read after its night was evaluated arrived late (or was fixed or replaced late); the
        // orders it causes say so. Not when every file is read again for a settings change.
        let lastEvaluated = outcome.reingestedForConfigChange ? nil : try store.processedNights().last
        let files = try (self.files ?? DataDirectory.scan(dataDirectory, mapping: rules.files).files)
            .filter { $0.isVisible(asOf: asOf) }
        var known: [String: ManifestEntry] = [:]
        for entry in try store.manifest() { known[entry.path] = entry }
        outcome.filesSeen = files.count
        let totalBytes = files.reduce(0) { $0 + $1.size }
        progress.begin("ingest", totalFiles: files.count, totalBytes: totalBytes)
        // First pass: which files need reading (unchanged ones are skipped without opening them; one whose
        // time changed but size did not is hashed, and skipped when its content is the same).
        var pending: [DataFile] = []
        for file in files {
            let previous = known[file.relativePath]
            if let previous, previous.status == .ok, previous.size == file.size {
                var unchanged = previous.modificationTime == file.modificationTime
                if !unchanged {
                    if try FileHasher.contentHash(path: file.absolutePath) == previous.contentHash {
                        try store.touch(path: file.relativePath, modificationTime: file.modificationTime)
                        unchanged = true
                    }
                }
                if unchanged {
                    outcome.filesUnchanged += 1
                    progress.advance(file: file.relativePath, bytes: file.size)
                    continue
                }
            }
            pending.append(file)
        }
        if let shared = store as? any SharedNightState {
            try ingestClaimed(pending, into: shared, lastEvaluated: lastEvaluated, outcome: &outcome)
            progress.end()
            return outcome
        }
        // Second pass, in ingest order: registries first, because the asset registry decides which
        // telemetry rows name unknown assets. Once every asset file is in, the next telemetry dump is read
        // on another thread while the files before it (the other registries, work orders) are read and
        // written here, and while one dump's aggregates are written to SQLite.
        // Files come in kind order, so the registry is complete at the first file after the asset files.
        var knownAssets: Set<String>?
        var assetsLoaded = false
        var prefetched: PrefetchedRead?
        for (index, file) in pending.enumerated() {
            if file.kind > .assets && !assetsLoaded {
                let ids = try store.knownAssetIDs()
                knownAssets = ids.isEmpty ? nil : ids
                assetsLoaded = true
            }
            defer { progress.advance(file: file.relativePath, bytes: file.size) }
            let context = ReadContext(zone: rules.zone, columns: rules.columns, knownAssets: knownAssets)
            // The next dump after this file starts reading: before a registry is read here, after a dump
            // (one dump in flight at a time, so memory holds one dump's working set).
            func readAhead() {
                guard file.kind > .assets, prefetched == nil,
                      let next = pending[(index + 1)...].first(where: { $0.kind == .telemetry }) else { return }
                prefetched = PrefetchedRead(file: next, context: context)
            }
            let result: Result<FileContribution, IngestError>
            if let ready = prefetched, ready.file == file {
                result = ready.wait()
                prefetched = nil
            } else {
                if file.kind != .telemetry { readAhead() }
                result = Result { () throws(IngestError) in
                    try Self.read(file, context: context)
                }
            }
            readAhead()
            try record(result, of: file, previous: known[file.relativePath]?.status, lastEvaluated: lastEvaluated,
                       into: store, outcome: &outcome)
        }
        progress.end()
        return outcome
    }

    /// Stores what reading `file` gave: its contribution (in one transaction, noting a late arrival), or its
    /// rejection. `previous`: the status the state had for its path before.
    func record(_ result: Result<FileContribution, IngestError>, of file: DataFile, previous: ManifestEntry.Status?,
                lastEvaluated: LocalDate?, into store: any NightState, outcome: inout IngestOutcome) throws {
        switch result {
        case .success(var contribution):
            if let lastEvaluated, let drop = file.dropDate, drop <= lastEvaluated {
                contribution.entry.arrival = switch previous {
                case nil: .late(after: drop)
                case .rejected: .fixed(after: drop)
                case .ok: .replaced(after: drop)
                }
            }
            FaultInjection.point("ingest.before-transaction")
            try store.replace(with: contribution) { FaultInjection.point("ingest.inside-transaction") }
            FaultInjection.point("ingest.after-commit")
            outcome.filesRead += 1
            outcome.bytesRead += file.size
            outcome.rowsRead += contribution.entry.rowsRead
            outcome.rowsQuarantined += contribution.entry.rowsQuarantined
            outcome.duplicatesSkipped += contribution.entry.duplicatesSkipped
            outcome.quarantined += contribution.quarantined
            progress.addRows(contribution.entry.rowsRead)
        case .failure(let error):
            let hash = (try? FileHasher.contentHash(path: file.absolutePath)) ?? ""
            try store.recordRejected(ManifestEntry(
                path: file.relativePath, kind: file.kind, size: file.size, modificationTime: file.modificationTime,
                contentHash: hash, dropDate: file.dropDate, status: .rejected, error: error.description))
            outcome.rejected.append(RejectedFile(path: file.relativePath, message: error.description))
        }
    }

    /// Reads one file into what it contributes (hashed as it is read); throws `IngestError` when it must be
    /// rejected whole.
    static func read(_ file: DataFile, context: ReadContext) throws(IngestError) -> FileContribution {
        func entry(hash: String) -> ManifestEntry {
            ManifestEntry(path: file.relativePath, kind: file.kind, size: file.size,
                          modificationTime: file.modificationTime, contentHash: hash, dropDate: file.dropDate,
                          status: .ok)
        }
        if file.kind == .telemetry {
            let summary = try TelemetryReader.read(path: file.absolutePath, displayName: file.relativePath,
                                                   context: context)
            var entry = entry(hash: summary.contentHash)
            entry.rowsRead = summary.rowsRead
            entry.rowsQuarantined = summary.quarantined
            entry.duplicatesSkipped = summary.duplicatesSkipped
            return FileContribution(entry: entry, telemetry: summary.counts, quarantined: summary.quarantineSamples,
                                    quarantineCounts: summary.quarantinedByReason)
        }
        var records: [(line: Int, record: InputRecord)] = []
        var quarantined: [QuarantinedRow] = []
        var counts: [QuarantineReason: Int] = [:]
        let result = try TableReader.read(
            path: file.absolutePath, displayName: file.relativePath, kind: file.kind, context: context,
            onRecord: { line, record in records.append((line, record)) },
            onQuarantine: { row in
                quarantined.append(row)
                counts[row.reason, default: 0] += 1
            })
        var entry = entry(hash: result.contentHash)
        entry.rowsRead = result.rows
        entry.rowsQuarantined = result.quarantined
        return FileContribution(entry: entry, records: records, quarantined: quarantined, quarantineCounts: counts)
    }
}

/// A file being read on a background thread while the previous one is written to the state.
final class PrefetchedRead: @unchecked Sendable {
    let file: DataFile
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<FileContribution, IngestError>?

    init(file: DataFile, context: ReadContext) {
        self.file = file
        let thread = Thread { [self] in
            result = Result { () throws(IngestError) in try IngestJob.read(file, context: context) }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Blocks until the read finished.
    func wait() -> Result<FileContribution, IngestError> {
        done.wait()
        return result!
    }
}
