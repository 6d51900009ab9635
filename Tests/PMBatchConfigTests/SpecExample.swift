/// The `rules.toml` example of SPEC §3, verbatim.
enum SpecExample {
    static let text = #"""
    timezone = "Asia/Shanghai"

    [[alert_rule]]          # article: monthly door-open-delay alerts over 5 → preventive WO
    id = "door-open-delay"
    code = "door_open_delay"        # or a list: codes = ["error1", "error2"] counts any of them
    window = "calendar_month"      # or "30d", "7d", … (rolling, ending at the cutoff)
    more_than = 5                  # trigger when count > more_than
    skill = "door-system"          # for the suggested engineer
    action = "Lubricate door guide shoes; inspect door operator"
    priority = "normal"
    due_in = "7d"                  # due date = as-of + due_in

    [[age_rule]]            # single component older than a limit → replacement WO
    id = "brake-pad-age"
    component_type = "brake_pad"
    min_age = "3y"                 # d, m (30 d), y (365 d)

    [[batch_age_rule]]      # article: 3 same-batch encoders at one site reach 5 years → batch purchase
    id = "encoder-batch"
    component_type = "encoder"
    min_age = "5y"
    min_count = 3                  # per (site, batch_code)

    [kpi]                   # section 4; thresholds as in the article
    first_update_minutes = { online = 15, app = 15, email = 15, phone = 30 }
    efficiency_gain_min = 0.35
    utilization_gain_min = 0.22
    utilization_per_engineer_day = 12
    recurrence_days = 30
    recurrence_max = 0.05
    baseline = { from = "2025-01-01", to = "2025-03-31" }   # optional

    [urgency]               # article 四.3: fault keywords mark a work order urgent
    keywords = ["停机", "报警", "无法启动", "黑屏", "离线", "shutdown", "alarm", "won't start", "offline"]
    first_update_minutes = 10      # stricter H1 threshold for urgent orders

    [status_map]            # optional: other vocabularies → canonical statuses
    "Take in charge ticket" = "acknowledged"

    """#
}
