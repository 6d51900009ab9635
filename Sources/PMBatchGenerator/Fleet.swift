import PMBatchCore

/// A site (a building) of the synthetic fleet.
struct SiteInfo: Sendable {
    var id: String
    var region: String
    var kind: String
    var installedOn: LocalDate
    var customers: [String]
}

/// An asset of the synthetic fleet.
struct AssetInfo: Sendable {
    var index: Int
    var id: String
    var kind: AssetKind
    var model: Int
    var site: Int
    var customerID: String
    var region: String
    var installedOn: LocalDate
    /// Multiplies the background alert rate.
    var noiseFactor: Double
    /// Its gateway writes `+08:00` timestamps instead of `Z`.
    var localOffsetTimestamps: Bool
}

/// A fault-precursor build-up: the code's daily rate ramps up over `lengthDays`, then maybe a failure.
struct BuildUp: Sendable {
    var asset: Int
    var code: Int
    var slot: String
    var start: LocalDate
    var lengthDays: Int
    var peakRate: Double

    /// The extra daily rate of the code on `day`.
    func rate(on day: LocalDate) -> Double {
        let k = day.days(since: start)
        guard k >= 0, k < lengthDays else { return 0 }
        return peakRate * (0.2 + 0.8 * Double(k + 1) / Double(lengthDays))
    }
}

/// A confirmed failure (ground truth).
struct FailureInfo: Sendable {
    var asset: Int
    var ts: Int64
    var slot: String
    var faultCode: String
}

/// One component installation row.
struct ComponentRow: Sendable {
    var asset: Int
    var slot: String
    var componentType: String
    var installedOn: LocalDate
    var partNumber: String
    var batchCode: String
    var serial: String
}

/// An engineer of the synthetic fleet.
struct EngineerInfo: Sendable {
    var id: String
    var name: String
    var skills: [String]
    var region: String
    var capacity: Int
    /// 0 elevators, 1 medical devices.
    var group: Int
}

/// The registry side of the synthetic fleet: sites, customers, assets, components, engineers,
/// build-ups and failures — everything except the day-by-day telemetry and work orders.
struct Fleet: Sendable {
    var options: GeneratorOptions
    var codes = CodeTable()
    var sites: [SiteInfo] = []
    var assets: [AssetInfo] = []
    var components: [ComponentRow] = []
    var engineers: [EngineerInfo] = []
    /// Engineer indices by skill group and region, and by group alone (ascending), for `engineers(for:)`.
    private var engineersByGroupAndRegion: [Int: [String: [Int]]] = [:]
    private var engineersByGroup: [Int: [Int]] = [:]
    var buildUps: [BuildUp] = []
    var failures: [FailureInfo] = []

    /// Builds the fleet for `options`, deterministically.
    init(options: GeneratorOptions) {
        self.options = options
        var rng = FleetRandom(seed: options.seed, stream: 1)
        makeSites(&rng)
        makeAssets(&rng)
        makeEngineers(&rng)
        makeBuildUpsAndFailures(&rng)
        makeComponents(&rng)
        addTonightMilestones()
    }

    /// Makes each rule kind cross its limit on the end date itself, so the end night (the sample's
    /// as-of date) creates orders of every kind rather than only replaying older ones: on one site other
    /// than site 0, a brake pad reaches exactly 3 years and the third encoder of one batch exactly
    /// 5 years; a short door_open_delay build-up ends on the end date.
    private mutating func addTonightMilestones() {
        let end = options.end
        var elevatorsBySite: [Int: [Int]] = [:]
        for asset in assets where asset.kind == .elevator { elevatorsBySite[asset.site, default: []].append(asset.index) }
        guard let site = elevatorsBySite.keys.sorted().first(where: { $0 != 0 && elevatorsBySite[$0]!.count >= 3 })
        else { return }
        let chosen = Array(elevatorsBySite[site]!.prefix(3))
        func replace(asset: Int, slot: String, on day: LocalDate, batch: String?) {
            guard let template = components.last(where: { $0.asset == asset && $0.slot == slot }) else { return }
            components.removeAll { $0.asset == asset && $0.slot == slot && $0.installedOn >= day }
            var row = template
            row.installedOn = day
            if let batch { row.batchCode = batch }
            row.serial = serial(slot == "encoder" ? "ENC" : "BRK", asset, 77)
            components.append(row)
        }
        replace(asset: chosen[0], slot: "brake_pad", on: end.adding(days: -1095), batch: nil)
        let batch = batchCode("ENC", end.adding(days: -1845), lot: 77)
        for (k, asset) in chosen.enumerated() {
            replace(asset: asset, slot: "encoder", on: end.adding(days: -1825 - [20, 7, 0][k]), batch: batch)
        }
        let doorCode = codes.index(of: "door_open_delay")
        if let door = elevatorsBySite[site]!.dropFirst(3).first ?? chosen.last {
            buildUps.append(BuildUp(asset: door, code: doorCode, slot: "door_operator", start: end.adding(days: -1),
                                    lengthDays: 2, peakRate: 5))
        }
    }

    // MARK: sites and assets

    private mutating func makeSites(_ rng: inout FleetRandom) {
        let count = max(1, options.assets / 20)
        var customerNumber = 0
        for s in 0..<count {
            let kind = FleetText.siteKinds[s % FleetText.siteKinds.count]
            let region = s == 0 ? "east" : rng.pick(FleetText.regions)
            // Site 0 is old enough for an aged encoder batch and a six-year-old door operator.
            let ageDays = s == 0 ? rng.int(in: 2265...2480) : rng.int(in: 110...2920)
            let size = (s + 1) * options.assets / count - s * options.assets / count
            var customers: [String] = []
            for _ in 0..<max(1, size / 6) {
                customerNumber += 1
                customers.append("C-" + pad(customerNumber, 4))
            }
            sites.append(SiteInfo(id: "S-" + pad(s + 1, 4), region: region, kind: kind,
                                  installedOn: options.end.adding(days: -ageDays), customers: customers))
        }
    }

    private mutating func makeAssets(_ rng: inout FleetRandom) {
        var elevatorNumber = 0
        var medicalNumber = 0
        let medicalCycle: [AssetKind] = [.mri, .ct, .ventilator, .ventilator]
        for (s, site) in sites.enumerated() {
            let from = s * options.assets / sites.count
            let to = (s + 1) * options.assets / sites.count
            let size = to - from
            let elevators = site.kind == "hospital" ? min(size, max(4, (size * 2 + 4) / 5)) : size
            for position in 0..<size {
                let kind = position < elevators ? AssetKind.elevator : medicalCycle[(position - elevators) % 4]
                let number: Int
                if kind.isElevator { elevatorNumber += 1; number = elevatorNumber } else { medicalNumber += 1; number = medicalNumber }
                let installed = site.installedOn.adding(days: rng.int(in: 0...45))
                assets.append(AssetInfo(
                    index: assets.count, id: kind.idPrefix + pad(number, 6), kind: kind,
                    model: rng.int(below: kind.models.count), site: s,
                    customerID: site.customers[position % site.customers.count], region: site.region,
                    installedOn: min(installed, options.end.adding(days: -30)),
                    noiseFactor: rng.double(in: 0.6...1.4), localOffsetTimestamps: rng.chance(0.1)))
            }
        }
    }

    private mutating func makeEngineers(_ rng: inout FleetRandom) {
        let count = max(5, options.assets / 15)
        for i in 0..<count {
            let group = (i / FleetText.regions.count) % 2
            var skills = group == 0 ? FleetText.elevatorSkills : FleetText.medicalSkills
            if group == 0, rng.chance(0.25) { skills.remove(at: rng.int(in: 1...2)) }
            if rng.chance(0.3) { skills.append(rng.pick(FleetText.extraSkills)) }
            let name = rng.pick(FleetText.familyNames) + " " + rng.pick(FleetText.givenNames)
            engineers.append(EngineerInfo(id: "E-" + pad(i + 1, 4), name: name, skills: skills,
                                          region: FleetText.regions[i % FleetText.regions.count],
                                          capacity: rng.int(in: 8...14), group: group))
            engineersByGroupAndRegion[group, default: [:]][engineers[i].region, default: []].append(i)
            engineersByGroup[group, default: []].append(i)
        }
    }

    // MARK: build-ups and failures

    private mutating func makeBuildUpsAndFailures(_ rng: inout FleetRandom) {
        let start = options.start
        let end = options.end
        let endCutoff = FleetClock.startOfDay(end.adding(days: 1))
        // Forced build-ups running on the end date: door_open_delay on the first elevator of site 0
        // (its door operator is also six years old, so one trigger is suppressed) and on a few more
        // elevators; ventilator_offline on some ventilators.
        let elevators = assets.filter { $0.kind == .elevator }.map(\.index)
        let ventilators = assets.filter { $0.kind == .ventilator }.map(\.index)
        var forced: [(Int, String)] = []
        // Assets given a build-up still running on the end date get no ordinary ones.
        var forcedAssets: Set<Int> = []
        for (k, a) in elevators.enumerated() where k % 15 == 0 { forced.append((a, "door_open_delay")) }
        for (k, a) in ventilators.enumerated() where k % 10 == 0 { forced.append((a, "ventilator_offline")) }
        for (a, code) in forced {
            let length = rng.int(in: 9...14)
            let slot = assets[a].kind.precursors.first { $0.code == code }!.slot
            buildUps.append(BuildUp(asset: a, code: codes.index(of: code), slot: slot,
                                    start: end.adding(days: -(length - 1)), lengthDays: length + 3,
                                    peakRate: rng.double(in: 2.5...3.5)))
            forcedAssets.insert(a)
        }
        // Ordinary build-ups: about one per asset every 400 days; 65 % end in a failure.
        let span = options.days + 40
        for asset in assets where !forcedAssets.contains(asset.index) {
            let episodes = rng.poisson(Double(span) / 400)
            for _ in 0..<episodes {
                let precursor = rng.pick(asset.kind.precursors)
                let length = rng.int(in: 8...25)
                let begin = start.adding(days: rng.int(below: span) - 40)
                let buildUp = BuildUp(asset: asset.index, code: codes.index(of: precursor.code), slot: precursor.slot,
                                      start: begin, lengthDays: length, peakRate: rng.double(in: 1.2...3.5))
                buildUps.append(buildUp)
                if rng.chance(0.65) {
                    let day = begin.adding(days: length - 1 + rng.int(in: 0...4))
                    let ts = FleetClock.startOfDay(day) + Int64(rng.int(below: 86_400))
                    if day >= start, ts < endCutoff {
                        let fault = asset.kind.slots.first { $0.slot == precursor.slot }!.faultCode
                        failures.append(FailureInfo(asset: asset.index, ts: ts, slot: precursor.slot, faultCode: fault))
                    }
                }
            }
            // Random failures without warning: about 0.4 per asset-year.
            let random = rng.poisson(Double(options.days) * 0.4 / 365)
            for _ in 0..<random {
                let slot = rng.pick(asset.kind.slots)
                let ts = FleetClock.startOfDay(start) + Int64(rng.int(below: options.days * 86_400))
                failures.append(FailureInfo(asset: asset.index, ts: ts, slot: slot.slot, faultCode: slot.faultCode))
            }
        }
        failures.sort { ($0.ts, $0.asset) < ($1.ts, $1.asset) }
    }

    // MARK: components

    private mutating func makeComponents(_ rng: inout FleetRandom) {
        let suppressionAsset = assets.first { $0.kind == .elevator && $0.site == 0 }?.index
        var failureReplacements: [Int: [(String, LocalDate)]] = [:]
        for failure in failures {
            let day = FleetClock.localDay(of: failure.ts).adding(days: rng.int(in: 1...3))
            if day <= options.end { failureReplacements[failure.asset, default: []].append((failure.slot, day)) }
        }
        for asset in assets {
            let site = sites[asset.site]
            for spec in asset.kind.slots {
                let part = spec.partNumbers[asset.model % spec.partNumbers.count]
                var installed = asset.installedOn
                // Original components come with the site project: one batch per site and type.
                var batch = batchCode(spec.tag, site.installedOn, lot: asset.site)
                var replacements = 0
                while true {
                    components.append(ComponentRow(
                        asset: asset.index, slot: spec.slot, componentType: spec.componentType, installedOn: installed,
                        partNumber: part, batchCode: batch, serial: serial(spec.tag, asset.index, replacements)))
                    var life = rng.int(in: spec.lifeDays)
                    if asset.index == suppressionAsset, spec.slot == "door_operator" { life = 4000 }
                    let next = installed.adding(days: life)
                    if next > options.end { break }
                    installed = next
                    replacements += 1
                    // Replacements in one region and month come from one batch.
                    batch = batchCode(spec.tag, next, lot: FleetText.regions.firstIndex(of: asset.region)! + 50)
                }
                for (slot, day) in failureReplacements[asset.index] ?? [] where slot == spec.slot && day > installed {
                    replacements += 1
                    components.append(ComponentRow(
                        asset: asset.index, slot: spec.slot, componentType: spec.componentType, installedOn: day,
                        partNumber: part, batchCode: batchCode(spec.tag, day, lot: 90 + asset.site % 9),
                        serial: serial(spec.tag, asset.index, replacements)))
                    installed = day
                }
            }
        }
    }

    private func batchCode(_ tag: String, _ date: LocalDate, lot: Int) -> String {
        let c = date.components
        return "B" + pad(c.year % 100, 2) + pad(c.month, 2) + "-" + tag + "-" + pad(lot % 100, 2)
    }

    private func serial(_ tag: String, _ asset: Int, _ replacement: Int) -> String {
        let h = FleetRandom.mix(options.seed ^ UInt64(asset) << 8 ^ UInt64(replacement))
        return tag + pad(Int(h % 100_000_000), 8)
    }

    // MARK: lookups

    /// Engineers able to service `asset`, preferring its region (looked up, not filtered per order).
    func engineers(for asset: AssetInfo) -> [Int] {
        let group = asset.kind.skillGroup
        if let local = engineersByGroupAndRegion[group]?[asset.region] { return local }
        return engineersByGroup[group] ?? Array(engineers.indices)
    }
}
