import PMBatchCore

/// A run whose night waits for its data (SPEC §2 "Waiting for data"): the night was not evaluated, so
/// there is no report, only this status in `run.json` and the metrics.
public struct WaitingForData: Hashable, Sendable {
    /// The night the run was asked for.
    public var asOf: LocalDate
    /// The first night that waits (it and every later night up to `asOf` were not evaluated).
    public var night: LocalDate
    /// The input kinds without a usable drop for `night`.
    public var missing: [String]
    /// The newest drop read successfully of each missing kind.
    public var newestDrop: [String: LocalDate]
    /// Files of the missing kinds dropped for `night` but rejected.
    public var rejectedFiles: [String]
    /// The one line for a person.
    public var message: String
    /// Nights this run did evaluate before it stopped at `night`.
    public var nightsEvaluated: [LocalDate]
    public var firstNight: LocalDate
    public var programVersion: String
    public var rulesDigest: String
    public var timeZone: String
    /// The run's status word and exit code, as the night decided them.
    public var status: String
    public var exitCode: Int

    /// Memberwise.
    public init(asOf: LocalDate, night: LocalDate, missing: [String], newestDrop: [String: LocalDate],
                rejectedFiles: [String], message: String, nightsEvaluated: [LocalDate], firstNight: LocalDate,
                programVersion: String, rulesDigest: String, timeZone: String, status: String, exitCode: Int) {
        self.asOf = asOf
        self.night = night
        self.missing = missing
        self.newestDrop = newestDrop
        self.rejectedFiles = rejectedFiles
        self.message = message
        self.nightsEvaluated = nightsEvaluated
        self.firstNight = firstNight
        self.programVersion = programVersion
        self.rulesDigest = rulesDigest
        self.timeZone = timeZone
        self.status = status
        self.exitCode = exitCode
    }
}
