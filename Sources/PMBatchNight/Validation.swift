import PMBatchConfig
import PMBatchCore
import PMBatchIngest

/// `pmbatch validate`: reads every input file as ingest would, writes nothing, and lists every problem —
/// quarantined rows, rejected files, rules that cannot fire.
public struct Validation {
    public var dataDirectory: String
    public var rules: LoadedRules
    /// At most this many quarantined rows are listed (all are counted).
    public var limit: Int

    /// Memberwise.
    public init(dataDirectory: String, rules: LoadedRules, limit: Int) {
        self.dataDirectory = dataDirectory
        self.rules = rules
        self.limit = limit
    }

    /// What was found.
    public struct Result: Sendable {
        /// One line a problem or remark, in file order: `QUARANTINE …`, `REJECTED …`, `RULES …`, `NOTE …`.
        public var lines: [String] = []
        public var problems = 0
        public var files = 0
        public var rows = 0
    }

    public func run() throws(NightFailure) -> Result {
        let files = try DataFolder.files(data: dataDirectory, rules: rules.ruleSet)
        var result = Result()
        result.files = files.count
        var knownAssets: Set<String>?
        // What the rules' names are checked against: every code and component type the files hold.
        var knownCodes = Set<String>()
        var knownComponentTypes = Set<String>()
        var printed = 0
        for file in files {
            let context = ReadContext(zone: rules.ruleSet.zone, columns: rules.ruleSet.columns, knownAssets: knownAssets)
            do {
                let contribution = try IngestJob.read(file, context: context)
                result.rows += contribution.entry.rowsRead
                result.problems += contribution.entry.rowsQuarantined
                for q in contribution.quarantined where printed < limit {
                    result.lines.append("QUARANTINE \(q.file):\(q.line) [\(q.reason.rawValue)] "
                                        + "\(q.field.isEmpty ? "" : q.field + ": ")" + q.detail)
                    printed += 1
                }
                for day in contribution.telemetry { knownCodes.insert(day.code) }
                for (_, record) in contribution.records {
                    if case .component(let c) = record { knownComponentTypes.insert(c.componentType) }
                }
                if file.kind == .assets {
                    var ids = knownAssets ?? []
                    for (_, record) in contribution.records {
                        if case .asset(let a) = record { ids.insert(a.assetID) }
                    }
                    knownAssets = ids
                }
            } catch {
                result.problems += 1
                result.lines.append("REJECTED \(error.description)")
            }
        }
        let findings = RuleNameCheck.check(rules.ruleSet, knownCodes: knownCodes,
                                           knownComponentTypes: knownComponentTypes)
        for finding in findings {
            // Only a rule written in a rules file can hold a typo; for a built-in rule (no rules file, or one that
            // defines no rules) it is a remark, not a problem.
            let written = rules.nameLocation(ofRule: finding.ruleID) != nil
            for problem in RuleNameProblems.problems([finding], rules: rules) {
                if written { result.problems += 1 }
                result.lines.append((written ? "RULES " : "NOTE ") + problem)
            }
        }
        for note in RuleNameProblems.notes(findings) { result.lines.append("NOTE \(note)") }
        return result
    }
}

/// An input file of a data directory: path, kind, drop date, size (the ingest module's `DataFile`).
public typealias InputFile = DataFile

/// The input files of a data directory.
public enum DataFolder {
    /// The input files of the data directory `data` under `rules`' `[files]` mapping. A missing folder, a
    /// folder with no input file (empty, or the wrong one) and a file claimed by two kinds are usage errors
    /// (exit 2), checked before any state is opened, so a wrong `--data` writes nothing.
    @discardableResult
    public static func files(data: String, rules: RuleSet) throws(NightFailure) -> [DataFile] {
        do {
            return try DataDirectory.scan(data, mapping: rules.files).requireInputFiles()
        } catch {
            throw .configuration(error.description)
        }
    }
}
