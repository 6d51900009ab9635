/// A component slot of an asset kind: what is installed there, how long it lasts, what breaks.
struct SlotSpec: Sendable {
    var slot: String
    var componentType: String
    /// Short tag used in batch codes and serials.
    var tag: String
    /// Service life in days (a replacement follows after a uniform draw in this range).
    var lifeDays: ClosedRange<Int>
    /// Part numbers by model index (cycled).
    var partNumbers: [String]
    /// The failure's fault code when this slot fails.
    var faultCode: String
}

/// A telemetry code and the numbers its `value` carries (tenths; `valueRange` nil → never a value).
struct CodeSpec: Sendable {
    var code: String
    var valueTenths: ClosedRange<Int>?
}

/// A fault precursor: a telemetry code whose build-up announces a failure of `slot`.
struct PrecursorSpec: Sendable {
    var code: String
    var slot: String
}

/// The kinds of asset the synthetic fleet holds, with their vocabularies.
enum AssetKind: Int, CaseIterable, Sendable {
    case elevator, mri, ct, ventilator

    var idPrefix: String { self == .elevator ? "EL-" : "MD-" }
    var assetType: String {
        switch self {
        case .elevator: "elevator"
        case .mri: "mri_scanner"
        case .ct: "ct_scanner"
        case .ventilator: "ventilator"
        }
    }
    var isElevator: Bool { self == .elevator }
    var models: [String] {
        switch self {
        case .elevator: ["traction-1600", "mrl-1000", "mrl-630", "freight-3000"]
        case .mri: ["mri-1.5t", "mri-3t"]
        case .ct: ["ct-64", "ct-128"]
        case .ventilator: ["vent-icu-700", "vent-transport-200"]
        }
    }

    var slots: [SlotSpec] {
        switch self {
        case .elevator:
            [SlotSpec(slot: "door_operator", componentType: "door_operator", tag: "DOP", lifeDays: 1800...3300,
                      partNumbers: ["P-DOP-410", "P-DOP-420"], faultCode: "door_failure"),
             SlotSpec(slot: "encoder", componentType: "encoder", tag: "ENC", lifeDays: 2560...4380,
                      partNumbers: ["P-ENC-2048", "P-ENC-4096"], faultCode: "encoder_fault"),
             SlotSpec(slot: "brake_pad", componentType: "brake_pad", tag: "BRK", lifeDays: 900...1900,
                      partNumbers: ["P-BRK-110"], faultCode: "brake_failure"),
             SlotSpec(slot: "traction_rope", componentType: "traction_rope", tag: "ROP", lifeDays: 2200...4400,
                      partNumbers: ["P-ROP-8MM", "P-ROP-10MM"], faultCode: "rope_slip")]
        case .mri:
            [SlotSpec(slot: "coil", componentType: "rf_coil", tag: "COI", lifeDays: 1800...3600,
                      partNumbers: ["P-COI-15", "P-COI-30"], faultCode: "coil_overheat"),
             SlotSpec(slot: "cold_head", componentType: "cold_head", tag: "CLD", lifeDays: 1100...2200,
                      partNumbers: ["P-CLD-200"], faultCode: "helium_loss")]
        case .ct:
            [SlotSpec(slot: "tube", componentType: "xray_tube", tag: "TUB", lifeDays: 730...1800,
                      partNumbers: ["P-TUB-64", "P-TUB-128"], faultCode: "tube_failure"),
             SlotSpec(slot: "detector", componentType: "detector", tag: "DET", lifeDays: 2200...3600,
                      partNumbers: ["P-DET-64", "P-DET-128"], faultCode: "detector_fault")]
        case .ventilator:
            [SlotSpec(slot: "blower", componentType: "blower", tag: "BLW", lifeDays: 730...1460,
                      partNumbers: ["P-BLW-700", "P-BLW-200"], faultCode: "blower_failure"),
             SlotSpec(slot: "o2_sensor", componentType: "o2_sensor", tag: "O2S", lifeDays: 365...730,
                      partNumbers: ["P-O2S-1"], faultCode: "o2_sensor_fault")]
        }
    }

    /// Background alert codes with relative weights (these scale with `--alerts-per-asset-day`).
    var noiseCodes: [(code: String, weight: Int)] {
        switch self {
        case .elevator:
            [("door_reopen", 30), ("car_call_timeout", 20), ("overload_warning", 12), ("power_fluctuation", 10),
             ("comm_heartbeat_lost", 18), ("hall_button_stuck", 10)]
        case .mri, .ct:
            [("self_test_warning", 30), ("network_timeout", 25), ("user_abort", 20), ("power_fluctuation", 10),
             ("room_temp_warning", 15)]
        case .ventilator:
            [("self_test_warning", 25), ("battery_low", 20), ("circuit_leak_warning", 30), ("network_timeout", 25)]
        }
    }

    /// Codes whose build-ups precede failures (absolute rates, not scaled by `--alerts-per-asset-day`).
    var precursors: [PrecursorSpec] {
        switch self {
        case .elevator:
            [PrecursorSpec(code: "door_open_delay", slot: "door_operator"),
             PrecursorSpec(code: "leveling_error", slot: "encoder"),
             PrecursorSpec(code: "brake_wear", slot: "brake_pad"),
             PrecursorSpec(code: "overspeed", slot: "traction_rope")]
        case .mri:
            [PrecursorSpec(code: "mri_coil_temp", slot: "coil"), PrecursorSpec(code: "mri_helium_low", slot: "cold_head")]
        case .ct:
            [PrecursorSpec(code: "ct_tube_arc", slot: "tube"), PrecursorSpec(code: "ct_detector_noise", slot: "detector")]
        case .ventilator:
            [PrecursorSpec(code: "ventilator_offline", slot: "blower"),
             PrecursorSpec(code: "o2_sensor_drift", slot: "o2_sensor")]
        }
    }

    /// Fault codes customers report (besides the slot failures).
    var reportedFaults: [String] {
        switch self {
        case .elevator:
            ["door_noise", "door_fault", "leveling_fault", "abnormal_noise", "button_fault", "display_error",
             "lighting_fault", "stuck_between_floors", "vibration", "emergency_phone_fault", "ventilation_fault",
             "floor_indicator_fault"]
        case .mri:
            ["image_artifact", "coil_error", "cooling_fault", "table_fault", "software_crash", "network_fault",
             "intercom_fault"]
        case .ct:
            ["image_artifact", "gantry_noise", "table_fault", "software_crash", "network_fault", "injector_fault",
             "screen_blank"]
        case .ventilator:
            ["offline", "alarm_fault", "battery_fault", "flow_error", "screen_blank", "pressure_error",
             "humidifier_fault"]
        }
    }

    /// The engineer skill group that services this kind.
    var skillGroup: Int { self == .elevator ? 0 : 1 }
}

/// The global telemetry code table: every code of every kind, with its index and value range.
struct CodeTable: Sendable {
    var specs: [CodeSpec] = []
    private var indexByCode: [String: Int] = [:]

    init() {
        for kind in AssetKind.allCases {
            for (code, _) in kind.noiseCodes { add(code) }
            for precursor in kind.precursors { add(precursor.code) }
        }
    }

    private mutating func add(_ code: String) {
        guard indexByCode[code] == nil else { return }
        indexByCode[code] = specs.count
        specs.append(CodeSpec(code: code, valueTenths: CodeTable.valueRange(code)))
    }

    func index(of code: String) -> Int { indexByCode[code]! }

    private static func valueRange(_ code: String) -> ClosedRange<Int>? {
        switch code {
        case "door_open_delay": 40...180          // seconds the door stayed open
        case "leveling_error": 5...60             // millimetres
        case "brake_wear": 300...950              // % of wear limit × 10
        case "overspeed": 1050...1300             // % of rated speed × 10
        case "mri_coil_temp": 380...720           // °C
        case "mri_helium_low": 550...800          // % fill
        case "ct_tube_arc": 10...90
        case "ct_detector_noise": 10...300
        case "o2_sensor_drift": 5...80
        case "overload_warning": 8000...12_000    // kg × 10
        case "power_fluctuation": 1900...2500     // volts × 10
        case "room_temp_warning": 240...340
        case "battery_low": 50...250
        case "car_call_timeout": 300...1200
        case "ventilator_offline", "comm_heartbeat_lost", "hall_button_stuck", "user_abort", "network_timeout":
            nil
        default: 0...1000
        }
    }
}

/// Names and texts the generator draws from.
enum FleetText {
    static let regions = ["east", "north", "south"]
    static let siteKinds = ["hospital", "mall", "office", "hospital", "residential", "airport", "office", "mall"]
    static let familyNames = ["Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu",
                              "Sun", "Hu", "Zhu", "Gao", "Lin"]
    static let givenNames = ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hao", "Ying", "Tao", "Ping",
                             "Qiang", "Na", "Bo", "Xin", "Yu"]
    static let elevatorSkills = ["door-system", "drive-system", "brake-system"]
    static let medicalSkills = ["imaging", "respiratory"]
    static let extraSkills = ["electrical", "controls", "hydraulics"]

    /// A description for a reported fault; `urgent` picks one with an urgency keyword.
    static func description(fault: String, urgent: Bool, variant: Int) -> String {
        if urgent {
            let urgentTexts = [
                "Unit offline, alarm sounding — please send someone now",
                "设备停机，报警不停",
                "Screen 黑屏, 无法启动",
                "Stopped between floors, alarm pressed, passengers waiting",
                "System shutdown during use; won't start again",
                "设备离线，无法启动",
            ]
            return urgentTexts[variant % urgentTexts.count]
        }
        let texts: [String] = [
            "Customer reports \(fault.replacingUnderscores)",
            "\(fault.replacingUnderscores) again, noticed by front desk",
            "Reported via hotline: \(fault.replacingUnderscores), intermittent",
            "故障：\(fault)，请安排检查",
            "Tenant says \"\(fault.replacingUnderscores)\", happens mostly in the morning",
            "Intermittent \(fault.replacingUnderscores)\nsecond note: seen twice today",
        ]
        return texts[variant % texts.count]
    }
}

extension String {
    /// `door_noise` → `door noise`.
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
