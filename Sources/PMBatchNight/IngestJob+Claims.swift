import PMBatchCore
import PMBatchIngest
import PMBatchStore

/// Ingest as one of many workers sharing a state (SPEC §2 "Shared state"): each pending file is claimed
/// before it is read, checked again once claimed (another worker may have stored it since this one looked),
/// and stored in one transaction while claimed. Files another worker holds are skipped at first and waited
/// for at the end, so when any worker finishes, every file it saw is stored — by it or by another, or by it
/// after the other died.
extension IngestJob {
    func ingestClaimed(_ pending: [DataFile], into store: any SharedNightState, lastEvaluated: LocalDate?,
                       outcome: inout IngestOutcome) throws {
        try store.prepareClaims(paths: pending.map(\.relativePath),
                                dropDates: Set(pending.filter { $0.kind == .telemetry }.compactMap(\.dropDate)))
        // The asset registry decides which telemetry rows name unknown assets, so every asset file is stored
        // (by some worker) before any dump is read, as in a single ingest.
        let registries = pending.filter { $0.kind <= .assets }
        let rest = pending.filter { $0.kind > .assets }
        try claimEach(registries, knownAssets: nil, into: store, lastEvaluated: lastEvaluated, outcome: &outcome)
        guard !rest.isEmpty else { return }
        let ids = try store.knownAssetIDs()
        try claimEach(rest, knownAssets: ids.isEmpty ? nil : ids, into: store, lastEvaluated: lastEvaluated,
                      outcome: &outcome)
    }

    /// Claims and stores each of `files`: the free ones first, then those other workers held, waiting for each.
    private func claimEach(_ files: [DataFile], knownAssets: Set<String>?, into store: any SharedNightState,
                           lastEvaluated: LocalDate?, outcome: inout IngestOutcome) throws {
        let context = ReadContext(zone: rules.zone, columns: rules.columns, knownAssets: knownAssets)
        var heldByOthers: [DataFile] = []
        for file in files {
            guard try store.claim(path: file.relativePath, wait: false) else {
                heldByOthers.append(file)
                continue
            }
            try storeClaimed(file, context: context, into: store, lastEvaluated: lastEvaluated, outcome: &outcome)
        }
        for file in heldByOthers {
            _ = try store.claim(path: file.relativePath, wait: true)
            try storeClaimed(file, context: context, into: store, lastEvaluated: lastEvaluated, outcome: &outcome)
        }
    }

    /// Stores a claimed file unless another worker stored this very file (same size and time) meanwhile; ends
    /// the claim either way.
    private func storeClaimed(_ file: DataFile, context: ReadContext, into store: any SharedNightState,
                              lastEvaluated: LocalDate?, outcome: inout IngestOutcome) throws {
        defer { progress.advance(file: file.relativePath, bytes: file.size) }
        do {
            let current = try store.manifestEntry(path: file.relativePath)
            if let current, current.status == .ok, current.size == file.size,
               current.modificationTime == file.modificationTime {
                outcome.filesStoredByOthers += 1
            } else {
                FaultInjection.point("ingest.claimed")
                let result = Result { () throws(IngestError) in try Self.read(file, context: context) }
                try record(result, of: file, previous: current?.status, lastEvaluated: lastEvaluated, into: store,
                           outcome: &outcome)
            }
        } catch {
            try? store.endClaim()
            throw error
        }
        try store.endClaim()
    }
}
