import PMBatchCore

extension RuleSet {
    /// The rule set as canonical `rules.toml` text: every value written out (defaults included),
    /// fixed key order, rules sorted by ID, codes, keywords and map keys sorted, durations in days,
    /// numbers in one fixed format. Two files that mean the same thing — whatever their layout,
    /// key order, rule order or duration units (`5y` vs `1825d`) — give the same text, and the text
    /// itself loads back to an equivalent rule set. Printed in reports and hashed into ``digest``.
    public var canonicalText: String { canonicalText(header: [], ruleComments: [:]) }

    /// ``canonicalText`` with comment lines: `header` after the first line, `ruleComments[id]` above the rule
    /// `id` (as `# ` lines; line breaks within a comment start a new comment line). Comments change neither
    /// what the text loads to nor ``digest``, which hashes the text without them.
    public func canonicalText(header: [String], ruleComments: [String: [String]]) -> String {
        func comments(_ lines: [String]) -> String {
            // TOML comments may hold no control character but tab: any other (from a code in the data) is a "?".
            lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
                .map { line in
                    let safe = String(String.UnicodeScalarView(line.unicodeScalars.map { s in
                        (s.value < 0x20 && s != "\t") || s.value == 0x7F ? "?" : s
                    }))
                    return safe.isEmpty ? "#\n" : "# \(safe)\n"
                }.joined()
        }
        var out = "# pmbatch rules, canonical form 1\n" + comments(header)
            + "version = 1\ntimezone = \(TOMLText.quoted(zone.identifier))\n"
        if alertRules.isEmpty && ageRules.isEmpty && batchAgeRules.isEmpty {
            out += "alert_rule = []\n"  // no rules at all, as opposed to the built-in ones
        }
        for rule in alertRules.sorted(by: { $0.id < $1.id }) {
            out += "\n" + comments(ruleComments[rule.id] ?? []) + "[[alert_rule]]\nid = \(TOMLText.quoted(rule.id))\n"
            out += "codes = \(Self.array(rule.codes.sorted()))\n"
            out += "window = \(TOMLText.quoted(rule.window.description))\n"
            out += "more_than = \(rule.moreThan)\n"
            out += Self.work(rule.work)
        }
        for rule in ageRules.sorted(by: { $0.id < $1.id }) {
            out += "\n" + comments(ruleComments[rule.id] ?? []) + "[[age_rule]]\nid = \(TOMLText.quoted(rule.id))\n"
            out += "component_type = \(TOMLText.quoted(rule.componentType))\n"
            out += "min_age = \"\(rule.minAge.days)d\"\n"
            out += Self.work(rule.work)
        }
        for rule in batchAgeRules.sorted(by: { $0.id < $1.id }) {
            out += "\n" + comments(ruleComments[rule.id] ?? []) + "[[batch_age_rule]]\nid = \(TOMLText.quoted(rule.id))\n"
            out += "component_type = \(TOMLText.quoted(rule.componentType))\n"
            out += "min_age = \"\(rule.minAge.days)d\"\n"
            out += "min_count = \(rule.minCount)\n"
            out += Self.work(rule.work)
        }

        out += "\n[kpi]\nfirst_update_minutes = { "
        out += kpi.firstUpdateMinutes.sorted(by: { $0.key < $1.key })
            .map { "\(Self.key($0.key)) = \(formatNumber($0.value))" }.joined(separator: ", ")
        out += kpi.firstUpdateMinutes.isEmpty ? "}\n" : " }\n"
        out += "efficiency_gain_min = \(formatNumber(kpi.efficiencyGainMin))\n"
        out += "utilization_gain_min = \(formatNumber(kpi.utilizationGainMin))\n"
        out += "utilization_per_engineer_day = \(formatNumber(kpi.utilizationPerEngineerDay))\n"
        out += "recurrence_days = \(kpi.recurrenceDays)\n"
        out += "recurrence_max = \(formatNumber(kpi.recurrenceMax))\n"
        if let baseline = kpi.baseline {
            out += "baseline = { from = \"\(baseline.lowerBound)\", to = \"\(baseline.upperBound)\" }\n"
        }

        out += "\n[urgency]\nkeywords = \(Self.array(urgency.keywords.sorted()))\n"
        out += "first_update_minutes = \(formatNumber(urgency.firstUpdateMinutes))\n"

        if !statusMap.isEmpty {
            out += "\n[status_map]\n"
            for (source, status) in statusMap.sorted(by: { $0.key < $1.key }) {
                out += "\(Self.key(source)) = \(TOMLText.quoted(status.rawValue))\n"
            }
        }
        if freshness != Freshness() {  // written only when set, so the digests of earlier rule files stay
            out += "\n[freshness]\nrequire = \(Self.array(freshness.required.map(\.rawValue)))\n"
            out += "within = \"\(freshness.withinDays)d\"\n"
        }
        for kind in FileKind.allCases {
            guard let mapping = columns.mappings[kind], !mapping.isEmpty else { continue }
            out += "\n[columns.\(kind.rawValue)]\n"
            for (column, source) in mapping.sorted(by: { $0.key < $1.key }) {
                out += "\(Self.key(column)) = \(TOMLText.quoted(source))\n"
            }
        }
        if !files.isEmpty {  // absent from rules without [files], so their text and digest stay as they were
            out += "\n[files]\n"
            for kind in FileKind.allCases {
                guard let entry = files.entries[kind] else { continue }
                out += "\(kind.rawValue) = { glob = \(Self.array(entry.globs.sorted()))"
                if let dropDate = entry.dropDate { out += ", drop_date = \"\(dropDate)\"" }
                out += " }\n"
            }
        }
        return out
    }

    /// 16 lower-case hex digits: the 64-bit FNV-1a hash of ``canonicalText``. The same rules always
    /// give the same digest; any change of meaning (a threshold, a code, a mapping) changes it.
    public var digest: String {
        let hash = fnv1a64(canonicalText.utf8)
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func work(_ work: RuleAction) -> String {
        "skill = \(TOMLText.quoted(work.skill))\naction = \(TOMLText.quoted(work.action))\n"
            + "priority = \(TOMLText.quoted(work.priority))\ndue_in = \"\(work.dueIn.days)d\"\n"
    }

    private static func array(_ values: [String]) -> String {
        "[" + values.map { TOMLText.quoted($0) }.joined(separator: ", ") + "]"
    }

    /// A bare key when TOML allows one, else a quoted key.
    private static func key(_ text: String) -> String {
        let bare = !text.isEmpty && text.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: "-")
        }
        return bare ? text : TOMLText.quoted(text)
    }
}

/// A number in one fixed format: whole numbers without a fraction (`15`), others in Swift's
/// shortest round-tripping form (`0.35`). Independent of locale and platform.
func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}

/// The 64-bit FNV-1a hash of some bytes.
package func fnv1a64(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}
