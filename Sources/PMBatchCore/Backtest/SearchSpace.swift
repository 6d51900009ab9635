/// The single rules `backtest --search` considers, built from the training nights' own data: the alert codes
/// and component types it holds, with thresholds the data can reach.
///
/// - Code subsets: each code alone, all codes, and the groups an agglomerative clustering by co-occurrence
///   forms (average linkage on the Jaccard similarity of the (asset, day) pairs each code occurs on): every
///   cluster between a pair and all-but-one codes. Only the ``SearchOptions/maxCodes`` codes with the most
///   training alerts take part.
/// - Windows: 1, 2, 3, 5, 7, 14 and 30 days, and the calendar month.
/// - `more_than`: the ladder 0, 1, 2, 3, 5, 8, 13, 21, … below the highest count the subset reaches over the
///   window on a training night (higher thresholds never fire), at most ``maxThresholds`` of them.
/// - Age limits per component type: 30, 60, 90, 120, 180, 270 days, 1, 1.5, 2, 3, 4, 5, 7, 10 years, up to the
///   oldest current component of the type on the last training night; batch rules with 2, 3 or 5 components
///   per (site, batch) at those ages, where such a group exists.
///
/// Everything is read from the nights `from` … `lastNight` only (alerts dropped by the last training night,
/// components installed by then), so the candidates themselves carry no knowledge of the validation months.
public enum SearchSpace {
    /// The rolling windows tried, in days.
    public static let rollingWindows = [1, 2, 3, 5, 7, 14, 30]

    /// The earliest local day any candidate's window reaches back to on the night `from`: the longest rolling
    /// window, or the start of the month.
    public static func earliestDay(from: LocalDate) -> LocalDate {
        min(from.adding(days: 1 - rollingWindows.max()!), from.firstOfMonth)
    }
    /// The `more_than` ladder.
    public static let thresholdLadder = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584]
    /// The age limits tried, in days.
    public static let ageLadder = [30, 60, 90, 120, 180, 270, 365, 547, 730, 1095, 1460, 1825, 2555, 3650]
    /// The batch sizes tried.
    public static let batchCounts = [2, 3, 5]
    /// The most thresholds per (codes, window).
    public static let maxThresholds = 8

    /// The candidates, in a fixed order: alert rules by code subset (single codes, then groups, then all
    /// codes), window, threshold; then age rules and batch rules by component type and limit.
    public static func candidates(data: BacktestData, codes: [String], componentTypes: [String],
                                  from: LocalDate, lastNight: LocalDate, maxCodes: Int) -> [SearchCandidate] {
        var result: [SearchCandidate] = []
        let subsets = codeSubsets(data.alerts, codes: codes, from: from, lastNight: lastNight, maxCodes: maxCodes)
        let windows = rollingWindows.map { AlertWindow.rolling(days: $0) } + [.calendarMonth]
        for subset in subsets {
            for window in windows {
                let highest = highestCount(data.alerts, codes: subset.codes, window: window, from: from,
                                           lastNight: lastNight)
                let windowName = switch window {
                case .calendarMonth: "month"
                case .rolling(let days): "\(days)d"
                }
                let family = "\(subset.name)-\(windowName)"
                for threshold in thin(thresholdLadder.filter { Int64($0) < highest }, to: maxThresholds) {
                    result.append(SearchCandidate(
                        id: "\(family)-gt\(threshold)",
                        condition: .alerts(codes: subset.codes, window: window, moreThan: threshold), family: family))
                }
            }
        }
        let current = TriggerPlanner.currentComponents(data.components, asOf: lastNight)
        var siteOf: [String: String] = [:]
        for asset in data.assets { siteOf[asset.assetID] = asset.siteID }
        for type in Set(componentTypes).sorted() {
            let ages = current.filter { $0.componentType == type }.map { lastNight.days(since: $0.installedOn) }
            guard let oldest = ages.max() else { continue }
            for days in thin(ageLadder.filter { $0 <= oldest }, to: maxThresholds) {
                result.append(SearchCandidate(id: "age-\(type)-\(days)d",
                                              condition: .age(componentType: type, minAgeDays: days),
                                              family: "age-\(type)"))
            }
        }
        for type in Set(componentTypes).sorted() {
            let members = current.filter { $0.componentType == type && !$0.batchCode.isEmpty }
            guard !members.isEmpty else { continue }
            for days in thin(ageLadder, to: maxThresholds) {
                var groups: [String: Int] = [:]
                for c in members where lastNight.days(since: c.installedOn) >= days {
                    groups[(siteOf[c.assetID] ?? "") + "\u{1F}" + c.batchCode, default: 0] += 1
                }
                let largest = groups.values.max() ?? 0
                for count in batchCounts where count <= largest {
                    result.append(SearchCandidate(
                        id: "batch-\(type)-\(days)d-x\(count)",
                        condition: .batchAge(componentType: type, minAgeDays: days, minCount: count),
                        family: "batch-\(type)-x\(count)"))
                }
            }
        }
        return result
    }

    /// A code subset and the name its rules' IDs start with.
    struct CodeSubset: Hashable {
        var codes: [String]
        var name: String
    }

    /// Single codes, co-occurrence groups, all codes (see the type's summary).
    static func codeSubsets(_ alerts: AlertCountIndex, codes: [String], from: LocalDate, lastNight: LocalDate,
                            maxCodes: Int) -> [CodeSubset] {
        let firstDay = earliestDay(from: from)
        let days = alerts.occurrenceDays(codes: Set(codes).sorted(), days: firstDay..<lastNight.adding(days: 1),
                                         droppedBy: lastNight)
        let ranked = days.filter { $0.value.total > 0 }
            .sorted { ($1.value.total, $0.key) < ($0.value.total, $1.key) }
            .prefix(max(1, maxCodes)).map(\.key).sorted()
        guard !ranked.isEmpty else { return [] }
        var subsets = ranked.map { CodeSubset(codes: [$0], name: $0) }
        if ranked.count > 2 {
            for (i, group) in coOccurrenceGroups(ranked.map { days[$0]!.pairs }, names: ranked).enumerated() {
                let name = group.count <= 3 ? group.joined(separator: "+") : "group\(i + 1)"
                subsets.append(CodeSubset(codes: group, name: name))
            }
        }
        if ranked.count > 1 { subsets.append(CodeSubset(codes: ranked, name: "any-code")) }
        return subsets
    }

    /// The clusters of an agglomerative clustering (average linkage, Jaccard similarity of the sets),
    /// excluding singletons and the whole; each cluster's names sorted, clusters in the order they form.
    static func coOccurrenceGroups(_ sets: [Set<Int64>], names: [String]) -> [[String]] {
        var similarity = [[Double]](repeating: [Double](repeating: 0, count: sets.count), count: sets.count)
        for i in sets.indices {
            for j in sets.indices where j > i {
                let union = sets[i].union(sets[j]).count
                let value = union == 0 ? 0 : Double(sets[i].intersection(sets[j]).count) / Double(union)
                similarity[i][j] = value
                similarity[j][i] = value
            }
        }
        var clusters = sets.indices.map { [$0] }
        var groups: [[String]] = []
        while clusters.count > 2 {
            var best: (Double, Int, Int)?
            for a in clusters.indices {
                for b in clusters.indices where b > a {
                    var total = 0.0
                    for i in clusters[a] { for j in clusters[b] { total += similarity[i][j] } }
                    let mean = total / Double(clusters[a].count * clusters[b].count)
                    if best == nil || mean > best!.0 { best = (mean, a, b) }
                }
            }
            let (_, a, b) = best!
            clusters[a] = (clusters[a] + clusters[b]).sorted()
            clusters.remove(at: b)
            groups.append(clusters[a].map { names[$0] }.sorted())
        }
        return groups
    }

    /// The most alerts of `codes` any asset has over `window` on a night `from` … `lastNight`.
    static func highestCount(_ alerts: AlertCountIndex, codes: [String], window: AlertWindow, from: LocalDate,
                             lastNight: LocalDate) -> Int64 {
        var highest: Int64 = 0
        var night = from
        while night <= lastNight {
            for n in alerts.counts(codes: codes, days: window.days(asOf: night), droppedBy: night).values {
                highest = max(highest, n)
            }
            night = night.adding(days: 1)
        }
        return highest
    }

    /// At most `limit` of `values`, spread evenly and always keeping the first.
    static func thin(_ values: [Int], to limit: Int) -> [Int] {
        guard values.count > limit, limit > 1 else { return Array(values.prefix(max(limit, 0))) }
        return (0..<limit).map { values[$0 * (values.count - 1) / (limit - 1)] }
    }
}

extension AlertCountIndex {
    /// Per code: the (asset, day) pairs with an alert on a day in `days` that night `night` could see, as
    /// hashes, and the alerts' total.
    func occurrenceDays(codes: [String], days: Range<LocalDate>, droppedBy night: LocalDate)
        -> [String: (pairs: Set<Int64>, total: Int64)]
    {
        let (lo, hi) = Self.bounds(days, night)
        var assetNumbers: [String: Int64] = [:]
        for asset in Set(series.values.flatMap(\.keys)).sorted() { assetNumbers[asset] = Int64(assetNumbers.count) }
        var result: [String: (pairs: Set<Int64>, total: Int64)] = [:]
        for code in codes {
            var pairs = Set<Int64>()
            var total: Int64 = 0
            for (asset, s) in series[code] ?? [:] {
                let i = s.days.lowerBound(of: lo), j = s.days.lowerBound(of: hi)
                for k in i..<j {
                    let n = s.count(from: s.days[k], to: s.days[k] + 1, night: night.dayNumber)
                    if n > 0 {
                        pairs.insert(assetNumbers[asset]! << 32 | Int64(s.days[k] - lo))
                        total += n
                    }
                }
            }
            result[code] = (pairs, total)
        }
        return result
    }
}
