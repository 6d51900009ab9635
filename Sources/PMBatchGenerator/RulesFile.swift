import PMBatchCore

/// The `rules.toml` written with a generated data set (SPEC §3 key names only).
enum RulesFile {
    /// The file's text; the KPI baseline covers the "before" third of the days.
    static func text(options: GeneratorOptions) -> String {
        """
        # rules.toml for a synthetic fleet written by `pmbatch generate`
        # (seed \(options.seed), \(options.assets) assets, \(options.days) days ending \(options.end)).
        timezone = "Asia/Shanghai"

        [[alert_rule]]          # article: monthly door-open-delay alerts over 5 → preventive WO
        id = "door-open-delay"
        code = "door_open_delay"
        window = "calendar_month"
        more_than = 5
        skill = "door-system"
        action = "Lubricate door guide shoes; inspect door operator"
        priority = "normal"
        due_in = "7d"

        [[alert_rule]]          # a ventilator dropping offline repeatedly within a week
        id = "ventilator-offline"
        codes = ["ventilator_offline"]
        window = "7d"
        more_than = 3
        skill = "respiratory"
        action = "Inspect blower and power supply; run full self-test"
        priority = "high"
        due_in = "2d"

        [[alert_rule]]          # imaging hardware stress over a rolling month
        id = "imaging-stress"
        codes = ["mri_coil_temp", "ct_tube_arc"]
        window = "30d"
        more_than = 8
        skill = "imaging"
        action = "Check cooling and tube/coil condition"
        priority = "normal"
        due_in = "7d"

        [[age_rule]]
        id = "brake-pad-age"
        component_type = "brake_pad"
        min_age = "3y"
        skill = "brake-system"
        action = "Replace brake pads"
        priority = "high"
        due_in = "14d"

        [[age_rule]]            # shares door-system with door-open-delay: some triggers are suppressed
        id = "door-operator-age"
        component_type = "door_operator"
        min_age = "6y"
        skill = "door-system"
        action = "Replace door operator"
        priority = "normal"
        due_in = "30d"

        [[batch_age_rule]]      # article: 3 same-batch encoders at one site reach 5 years → batch purchase
        id = "encoder-batch"
        component_type = "encoder"
        min_age = "5y"
        min_count = 3
        skill = "drive-system"
        action = "Replace encoders of the aged batch"
        priority = "normal"
        due_in = "30d"

        [kpi]
        first_update_minutes = { online = 15, app = 15, email = 15, phone = 30 }
        efficiency_gain_min = 0.35
        utilization_gain_min = 0.22
        utilization_per_engineer_day = 12
        recurrence_days = 30
        recurrence_max = 0.05
        baseline = { from = "\(options.start)", to = "\(options.baselineEnd)" }

        [urgency]
        keywords = ["停机", "报警", "无法启动", "黑屏", "离线", "shutdown", "alarm", "won't start", "offline"]
        first_update_minutes = 10

        """
    }
}
