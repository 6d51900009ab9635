import Dispatch

/// Weights of the expected cost a rule set is chosen by: `missed` per failure no order caught, `alarm` per
/// order created (every order is a visit).
public struct SearchCost: Hashable, Sendable {
    /// The cost of a failure no order caught.
    public var missed: Double
    /// The cost of an order (a visit).
    public var alarm: Double

    /// Memberwise.
    public init(missed: Double, alarm: Double) {
        self.missed = missed
        self.alarm = alarm
    }

    /// The expected cost of a score.
    public func of(_ s: BacktestScore) -> Double {
        missed * Double(s.failures - s.caught) + alarm * Double(s.alarms)
    }
}

/// What `backtest --search` is asked for (SPEC §5).
public struct SearchOptions: Hashable, Sendable {
    /// The first validation night: the search chooses on the nights before it only.
    public var validateFrom: LocalDate
    /// Expected-cost weights; nil: the set with the best F1 on the training nights is recommended.
    public var cost: SearchCost?
    /// Sets kept at each size (1 is greedy forward selection).
    public var beamWidth: Int
    /// The most rules a set holds.
    public var maxRules: Int
    /// How many single rules each set of the beam is extended with: those that promise the best set together
    /// with it (see ``BacktestSearch``).
    public var shortlist: Int
    /// The most alert codes the candidates use (those with the most training alerts).
    public var maxCodes: Int
    /// A validation recall or precision this far below the training one flags the set as overfitted.
    public var overfitDrop: Double

    /// The defaults the README describes.
    public init(validateFrom: LocalDate, cost: SearchCost? = nil, beamWidth: Int = 5, maxRules: Int = 4,
                shortlist: Int = 12, maxCodes: Int = 12, overfitDrop: Double = 0.10) {
        self.validateFrom = validateFrom
        self.cost = cost
        self.beamWidth = beamWidth
        self.maxRules = maxRules
        self.shortlist = shortlist
        self.maxCodes = maxCodes
        self.overfitDrop = overfitDrop
    }
}

/// One rule set the search replayed, with its figures on both splits.
public struct SearchedSet: Hashable, Sendable {
    /// Indexes into ``SearchResult/candidates``, in the order the rules were added.
    public var members: [Int]
    /// Per member: the member (index into `members`) whose skill it shares — itself when it has its own. Rules
    /// of one skill suppress each other's triggers on an asset while one of their orders is open (SPEC §3).
    public var skillOf: [Int]
    /// The replay of the training nights (`from` … the night before `validateFrom`).
    public var training: BacktestScore
    /// The replay of the validation nights (`validateFrom` … `to`), made after the search had chosen.
    public var validation: BacktestScore
    /// No other set has at least its training recall at most its training alarm rate, one strictly (the
    /// first of sets with equal figures only; redundant sets take no part).
    public var paretoOptimal: Bool
    /// Its last rule caught no training failure the set without it missed: it only adds orders (on Azure PdM
    /// such duplicates of a precise rule would even raise precision). Never recommended, not on the front,
    /// not extended.
    public var redundant: Bool

    /// Memberwise.
    public init(members: [Int], skillOf: [Int], training: BacktestScore, validation: BacktestScore,
                paretoOptimal: Bool = false, redundant: Bool = false) {
        self.members = members
        self.skillOf = skillOf
        self.training = training
        self.validation = validation
        self.paretoOptimal = paretoOptimal
        self.redundant = redundant
    }
}

/// The outcome of `backtest --search`.
public struct SearchResult: Hashable, Sendable {
    /// The first training night.
    public var from: LocalDate
    /// The first validation night.
    public var validateFrom: LocalDate
    /// The last validation night.
    public var to: LocalDate
    /// How long before a failure an order catches it.
    public var horizonDays: Int
    /// Assets in the fleet, for alarms per asset-month.
    public var assetCount: Int
    /// What the search was asked for.
    public var options: SearchOptions
    /// Every single rule considered, in ``SearchSpace`` order.
    public var candidates: [SearchCandidate]
    /// Every set replayed, in the order evaluated: the single rules, then each size's extensions.
    public var sets: [SearchedSet]
    /// The index in `sets` of the recommended set; nil when no candidate exists.
    public var recommended: Int?
    /// The rules as given (the rules file), on both splits, for comparison.
    public var given: (training: BacktestScore, validation: BacktestScore)

    public static func == (lhs: SearchResult, rhs: SearchResult) -> Bool {
        lhs.from == rhs.from && lhs.validateFrom == rhs.validateFrom && lhs.to == rhs.to
            && lhs.horizonDays == rhs.horizonDays && lhs.assetCount == rhs.assetCount && lhs.options == rhs.options
            && lhs.candidates == rhs.candidates && lhs.sets == rhs.sets && lhs.recommended == rhs.recommended
            && lhs.given.training == rhs.given.training && lhs.given.validation == rhs.given.validation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(sets)
    }

    /// The last training night.
    public var lastTrainingNight: LocalDate { validateFrom.adding(days: -1) }

    /// The rules of a set: each candidate's rule with its skill (the ID of the member whose skill it shares).
    public func rules(of set: SearchedSet) -> [SearchedRule] {
        BacktestSearch.rules(set.members, set.skillOf, candidates)
    }

    /// Whether a set's validation recall or precision falls more than ``SearchOptions/overfitDrop`` below
    /// its training figure.
    public func isOverfitted(_ set: SearchedSet) -> Bool {
        func drop(_ train: Double?, _ validate: Double?) -> Bool {
            guard let train else { return false }
            return train - (validate ?? 0) > options.overfitDrop + 1e-12
        }
        return drop(set.training.recall, set.validation.recall) || drop(set.training.precision, set.validation.precision)
    }

    /// What the set is chosen by on the training nights (lower is better): the expected cost, or −F1.
    public func objective(_ set: SearchedSet) -> Double { BacktestSearch.objective(set.training, options.cost) }
}

/// `backtest --search` (SPEC §5): a beam search over rule sets, every set scored by the backtest's own replay.
///
/// 1. Every single candidate (``SearchSpace``) is replayed over the training nights.
/// 2. The `beamWidth` best single rules and those on the single rules' Pareto front start the beam; each size
///    up to `maxRules`, every set of the beam is extended by the `shortlist` single rules of other families
///    that promise most together with it — judged by the failures the rule caught alone that the set misses,
///    and the alarms both raised, an estimate used only to pick which extensions to replay — once with a
///    skill of its own and once sharing the first rule's skill; the `beamWidth` best of the new sets form
///    the next beam. The search stops early
///    when a size brings no set better than the best so far.
/// 3. A set whose last rule catches no training failure the rest missed is redundant (it would only repeat
///    orders) and goes no further. Of the sets on the training front (recall against alarm rate) that raise
///    any alarm, the best is recommended: the lowest expected cost, or without costs the highest F1 (the
///    harmonic mean of recall and precision); ties go to fewer rules, fewer alarms, then the set evaluated
///    first. (The lowest cost is always on the front; the highest F1 need not be — a set of rules with skills
///    of their own can raise its precision with extra, mostly true, orders for the same assets — and a
///    recommendation a cheaper set beats on both recall and workload would be a poor one.)
/// 4. Only then is every evaluated set replayed over the validation nights.
///
/// Replays run in parallel (`DispatchQueue.concurrentPerform`), results gathered in set order, so the outcome
/// does not depend on the number of cores.
public enum BacktestSearch {
    /// Runs the search. `data` holds the alerts of every code the candidates may use; `codes` and
    /// `componentTypes` are the data's own names.
    public static func run(base: RuleSet, data: BacktestData, codes: [String], componentTypes: [String],
                           from: LocalDate, to: LocalDate, horizonDays: Int, options: SearchOptions) -> SearchResult {
        let lastTraining = options.validateFrom.adding(days: -1)
        let fleet = Backtest.fleetSize(data)
        let training = BacktestScorer(from: from, to: lastTraining, horizonDays: horizonDays, zone: base.zone,
                                      assetCount: fleet, failures: data.failures)
        let validation = BacktestScorer(from: options.validateFrom, to: to, horizonDays: horizonDays,
                                        zone: base.zone, assetCount: fleet, failures: data.failures)
        let candidates = SearchSpace.candidates(data: data, codes: codes, componentTypes: componentTypes, from: from,
                                                lastNight: lastTraining, maxCodes: options.maxCodes)
        let chosen = choose(base: base, data: data, candidates: candidates, scorer: training, options: options)
        let validated = parallelMap(chosen.count) { i in
            validation.score(BacktestReplay.workOrders(
                rules: base.replacingTriggerRules(with: rules(chosen[i].members, chosen[i].skillOf, candidates)),
                data: data, from: options.validateFrom, to: to))
        }
        var sets = chosen.indices.map { i in
            SearchedSet(members: chosen[i].members, skillOf: chosen[i].skillOf, training: chosen[i].score,
                        validation: validated[i], redundant: chosen[i].redundant)
        }
        markParetoFront(&sets)
        let best = sets.indices.filter { sets[$0].paretoOptimal && sets[$0].training.alarms > 0 }
            .min { better(sets[$0], sets[$1], options.cost) }
        let givenTraining = training.score(BacktestReplay.workOrders(rules: base, data: data, from: from, to: lastTraining))
        let givenValidation = validation.score(BacktestReplay.workOrders(rules: base, data: data,
                                                                         from: options.validateFrom, to: to))
        return SearchResult(from: from, validateFrom: options.validateFrom, to: to, horizonDays: horizonDays,
                            assetCount: fleet, options: options, candidates: candidates, sets: sets,
                            recommended: best, given: (givenTraining, givenValidation))
    }

    /// A set as the search sees it: its rules and its training score, nothing of the validation nights.
    struct Evaluated: Sendable {
        var members: [Int]
        var skillOf: [Int]
        var score: BacktestScore
        /// Its last rule caught no failure the set without it missed (see ``SearchedSet/redundant``).
        var redundant = false
    }

    /// Steps 1–2: every set the beam search evaluates, on the training nights only.
    static func choose(base: RuleSet, data: BacktestData, candidates: [SearchCandidate], scorer: BacktestScorer,
                       options: SearchOptions) -> [Evaluated] {
        func evaluate(_ sets: [(members: [Int], skillOf: [Int])]) -> [Evaluated] {
            let scores = parallelMap(sets.count) { i in
                scorer.score(BacktestReplay.workOrders(
                    rules: base.replacingTriggerRules(with: rules(sets[i].members, sets[i].skillOf, candidates)),
                    data: data, from: scorer.from, to: scorer.to))
            }
            return sets.indices.map { Evaluated(members: sets[$0].members, skillOf: sets[$0].skillOf, score: scores[$0]) }
        }
        func ranked(_ sets: [Evaluated]) -> [Evaluated] {
            sets.enumerated().sorted { a, b in
                let (x, y) = (objective(a.element.score, options.cost), objective(b.element.score, options.cost))
                if x != y { return x < y }
                if a.element.members.count != b.element.members.count {
                    return a.element.members.count < b.element.members.count
                }
                if a.element.score.alarms != b.element.score.alarms { return a.element.score.alarms < b.element.score.alarms }
                return a.offset < b.offset
            }.map(\.element)
        }
        var all = evaluate(candidates.indices.map { ([$0], [0]) })
        // Rules that never fire on a training night cannot improve a set.
        let firing = all.filter { $0.score.alarms > 0 }
        var front = firing.map { SearchedSet(members: $0.members, skillOf: $0.skillOf, training: $0.score,
                                             validation: $0.score) }
        markParetoFront(&front)
        // What each firing single rule caught alone, for estimating what it adds to a set.
        let caughtAlone = firing.map { caughtFailures($0.score, scorer) }
        // The first beam: the best single rules, and every single rule on the front (the best by one objective
        // may lead nowhere, while a rule with few alarms is what a second rule complements).
        var beam = Array(ranked(firing).prefix(options.beamWidth))
        for set in ranked(firing) where front.contains(where: { $0.paretoOptimal && $0.members == set.members })
            && !beam.contains(where: { $0.members == set.members }) {
            beam.append(set)
        }
        var best = beam.first.map { objective($0.score, options.cost) } ?? .infinity
        var seen = Set<[[Int]]>()
        var size = 1
        while size < options.maxRules, !beam.isEmpty {
            size += 1
            var extensions: [(members: [Int], skillOf: [Int])] = []
            var parentCaught: [Int] = []
            for set in beam {
                let families = Set(set.members.map { candidates[$0].family })
                let caught = caughtFailures(set.score, scorer)
                // The estimate: the failures either caught, the alarms and true alarms of both added up.
                let promising = firing.indices.filter { !families.contains(candidates[firing[$0].members[0]].family) }
                    .compactMap { i -> (estimate: Double, candidate: Int)? in
                        let s = firing[i].score
                        let added = caughtAlone[i].subtracting(caught).count
                        // A rule that catches nothing new would only repeat orders of the set.
                        guard added > 0 else { return nil }
                        var estimate = set.score
                        estimate.caught += added
                        estimate.alarms += s.alarms
                        estimate.trueAlarms += s.trueAlarms
                        return (objective(estimate, options.cost), firing[i].members[0])
                    }
                    .sorted { ($0.estimate, $0.candidate) < ($1.estimate, $1.candidate) }
                    .prefix(options.shortlist).map(\.candidate)
                for c in promising {
                    for shared in [false, true] {
                        let members = set.members + [c]
                        let skillOf = set.skillOf + [shared ? 0 : set.members.count]
                        // The same rules in the same skill groups, whatever the order they were added in.
                        var groups: [Int: [Int]] = [:]
                        for i in members.indices { groups[skillOf[i], default: []].append(members[i]) }
                        let key = groups.values.map { $0.sorted() }.sorted { $0.lexicographicallyPrecedes($1) }
                        if seen.insert(key).inserted {
                            extensions.append((members, skillOf))
                            parentCaught.append(set.score.caught)
                        }
                    }
                }
            }
            var evaluated = evaluate(extensions)
            for i in evaluated.indices { evaluated[i].redundant = evaluated[i].score.caught <= parentCaught[i] }
            all += evaluated
            beam = Array(ranked(evaluated.filter { !$0.redundant }).prefix(options.beamWidth))
            guard let top = beam.first, objective(top.score, options.cost) < best else { break }
            best = objective(top.score, options.cost)
        }
        return all
    }

    /// The failures of the scorer's period a score caught (those it did not miss).
    static func caughtFailures(_ score: BacktestScore, _ scorer: BacktestScorer) -> Set<Failure> {
        Set(scorer.periodFailures).subtracting(score.missed)
    }

    /// The rules of a set: each member's rule with the skill of the member it shares one with (named by that
    /// member's ID).
    static func rules(_ members: [Int], _ skillOf: [Int], _ candidates: [SearchCandidate]) -> [SearchedRule] {
        members.indices.map { candidates[members[$0]].rule(skill: candidates[members[skillOf[$0]]].id) }
    }

    /// Lower is better: the expected cost, or −F1 (0 without any catch).
    static func objective(_ s: BacktestScore, _ cost: SearchCost?) -> Double {
        if let cost { return cost.of(s) }
        let r = s.recall ?? 0, p = s.precision ?? 0
        return r + p > 0 ? -2 * r * p / (r + p) : 0
    }

    /// Whether `a` is preferred to `b`: the objective, then fewer rules, then fewer alarms (then the caller's
    /// order).
    static func better(_ a: SearchedSet, _ b: SearchedSet, _ cost: SearchCost?) -> Bool {
        let (x, y) = (objective(a.training, cost), objective(b.training, cost))
        if x != y { return x < y }
        if a.members.count != b.members.count { return a.members.count < b.members.count }
        return a.training.alarms < b.training.alarms
    }

    /// Marks the training Pareto front (recall ↑, alarms per asset-month ↓); of sets with equal figures, only
    /// the first.
    static func markParetoFront(_ sets: inout [SearchedSet]) {
        let figures = sets.filter { !$0.redundant }.map { ($0.training.recall ?? 0, $0.training.alarmsPerAssetMonth ?? 0) }
        var taken = Set<[Double]>()
        for i in sets.indices {
            guard !sets[i].redundant else {
                sets[i].paretoOptimal = false
                continue
            }
            let (r, a) = (sets[i].training.recall ?? 0, sets[i].training.alarmsPerAssetMonth ?? 0)
            let dominated = figures.contains { q in q.0 >= r && q.1 <= a && (q.0 > r || q.1 < a) }
            sets[i].paretoOptimal = !dominated && taken.insert([r, a]).inserted
        }
    }

    /// `body(0..<count)` on every core, results in index order.
    static func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = Slots(base: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: count) { i in slots.base![i] = body(i) }
        }
        return results.map { $0! }
    }

    /// The result slots of ``parallelMap(_:_:)``: each iteration writes only its own index, so sharing the
    /// pointer across threads is safe.
    struct Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T?>?
    }
}
