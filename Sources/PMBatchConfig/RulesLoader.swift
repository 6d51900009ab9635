import Foundation
import PMBatchCore

/// A validated rule set with its digest and where it came from.
public struct LoadedRules: Sendable {
    /// The validated rules.
    public var ruleSet: RuleSet
    /// ``RuleSet/digest`` of `ruleSet`: 16 hex digits, shown in reports and run.json.
    public var digest: String
    /// The rules file read, or nil for the built-in rules.
    public var sourcePath: String?
    /// Rule ID → where the rule names what it watches (its `code`/`codes` or `component_type` key, else its
    /// table header). Looked up only, never listed.
    var nameLocations: [String: ConfigLocation]

    /// Wraps a rule set, computing its digest.
    public init(ruleSet: RuleSet, sourcePath: String?) {
        self.init(ruleSet: ruleSet, sourcePath: sourcePath, nameLocations: [:])
    }

    init(ruleSet: RuleSet, sourcePath: String?, nameLocations: [String: ConfigLocation]) {
        self.ruleSet = ruleSet
        self.digest = ruleSet.digest
        self.sourcePath = sourcePath
        self.nameLocations = nameLocations
    }

    /// Where the rule `ruleID` names the alert codes or component type it watches (`rules.toml:12`), for
    /// messages about those names; nil for the built-in rules.
    public func nameLocation(ofRule ruleID: String) -> ConfigLocation? { nameLocations[ruleID] }
}

/// Reads `rules.toml` (SPEC §3) into a validated `RuleSet`.
///
/// The file is parsed by TOMLKit, decoded into a file-shaped struct (unknown keys and wrong types are
/// errors, named with their line), validated (durations, windows, time zone, statuses, column names,
/// rule IDs, ranges) and converted. The first problem found stops everything (``ConfigError``).
///
/// Defaults: missing keys take the built-in values (`RuleSet.defaults`, `KPIThresholds()`,
/// `UrgencyRules()`). Rules are all-or-nothing: if the file has any `[[alert_rule]]`, `[[age_rule]]`
/// or `[[batch_age_rule]]` (even an empty `alert_rule = []`), its rules replace every built-in rule;
/// if it has none, the built-in rules apply. `[kpi] first_update_minutes` is merged channel by channel
/// over the default channels; `[urgency] keywords` replaces the default list. No file → ``builtIn``.
public enum RulesLoader {
    /// The built-in rules (`RuleSet.defaults`), used when there is no rules file.
    public static var builtIn: LoadedRules { LoadedRules(ruleSet: .defaults, sourcePath: nil) }

    /// Reads and validates the rules file at `path`; a missing file is an error (see ``loadIfPresent(path:)``).
    public static func load(path: String) throws(ConfigError) -> LoadedRules {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path)
                ? "\((error as NSError).localizedDescription)" : "no such file"
            throw .unreadable(file: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: path, reason: "not UTF-8 text")
        }
        return try load(text: text, path: path)
    }

    /// Reads the rules file at `path` when it exists, else returns ``builtIn``.
    public static func loadIfPresent(path: String) throws(ConfigError) -> LoadedRules {
        FileManager.default.fileExists(atPath: path) ? try load(path: path) : builtIn
    }

    /// Validates rules given as text; `path` names the file in error messages.
    public static func load(text: String, path: String) throws(ConfigError) -> LoadedRules {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let document: [String: TOMLNode]
        do {
            document = try TOMLNode.parseDocument(body)
        } catch {
            throw .syntax(file: path, line: error.line, column: error.column, message: error.message)
        }
        let locator = TOMLKeyLocator(text: body)
        let file = try RulesFileDecoder.decode(document, file: path, locator: locator)
        return LoadedRules(ruleSet: try file.ruleSet(), sourcePath: path, nameLocations: file.ruleNameLocations)
    }
}
