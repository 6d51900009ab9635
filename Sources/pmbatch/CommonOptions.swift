import ArgumentParser
import Foundation
import PMBatchConfig
import PMBatchCore
import PMBatchNight

/// The options every state-reading command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data directory (SPEC layout).", valueName: "dir"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("""
        The state: a SQLite file (default: DATA/.pmbatch/state.sqlite), or a PostgreSQL server \
        postgresql://USER@HOST:PORT/DB (password from PGPASSWORD or ~/.pgpass).
        """, valueName: "file|url"))
    var db: String?

    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("The night to run, YYYY-MM-DD (default: yesterday in the configured time zone).",
                               valueName: "date"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("The rules file (default: DATA/rules.toml if present, else built-in).",
                                            valueName: "file"))
    var rules: String?

    func validate() throws {
        if let asOf, LocalDate(asOf) == nil {
            throw ValidationError("--as-of must be a date YYYY-MM-DD, got '\(asOf)'.")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--data '\(data)' is not a directory.")
        }
    }

    /// The state database path.
    var databasePath: String { db ?? (data as NSString).appendingPathComponent(".pmbatch/state.sqlite") }

    /// Loads the rules: `--rules`, else `DATA/rules.toml` when present, else the built-in rules.
    func loadRules() throws -> LoadedRules {
        do { return try Self.loadRules(explicit: rules, data: data) } catch {
            throw NightFailure.configuration(error.description)
        }
    }

    /// The rules file `explicit` (must exist), else `DATA/rules.toml` when present, else the built-in rules.
    static func loadRules(explicit: String?, data: String) throws(ConfigError) -> LoadedRules {
        if let explicit { return try RulesLoader.load(path: explicit) }
        return try RulesLoader.loadIfPresent(path: (data as NSString).appendingPathComponent("rules.toml"))
    }

    /// `--as-of`, or yesterday in the rules' time zone.
    func night(zone: ZoneRules) -> LocalDate {
        if let asOf, let date = LocalDate(asOf) { return date }
        let now = Instant(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        return zone.localDate(of: now).adding(days: -1)
    }
}

/// `--first-night`, for the commands that evaluate nights (`run`, `analyze`).
struct GoLiveOptions: ParsableArguments {
    @Option(name: .customLong("first-night"),
            help: ArgumentHelp("""
                The night a fresh state goes live, YYYY-MM-DD (default: the first as-of date it runs): earlier \
                nights are history, never evaluated. A state keeps the first night it went live on; a replay on a \
                fresh state gives the same night's outputs when given the same first night.
                """, valueName: "date"))
    var firstNight: String?

    func validate() throws {
        if let firstNight, LocalDate(firstNight) == nil {
            throw ValidationError("--first-night must be a date YYYY-MM-DD, got '\(firstNight)'.")
        }
    }

    var date: LocalDate? { firstNight.flatMap(LocalDate.init) }
}
