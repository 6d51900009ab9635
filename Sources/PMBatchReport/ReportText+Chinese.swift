extension ReportText {
    /// Simplified Chinese, with the source article's terms.
    static let chinese = ReportText(
        minutes: { "\($0) 分钟" },
        hours: { "\($0) 小时" },
        notEnoughData: { "数据不足（n = \($0)）" },
        andMore: { "……另有 \($0) 条。" },
        listSeparator: "、",
        colon: "：",
        clauseSeparator: "；",
        parenthesized: { "（\($0)）" },

        title: { "pmbatch 夜间报告 — \($0)" },
        statusLine: { "**运行状态：\($0)**（退出码 \($1)）。" },
        statusOK: "正常",
        statusRejected: "部分输入被拒收，见“数据质量”",
        statusFailed: "运行未能完成",
        headerIntro: { "本报告涵盖截至 \($0) 当日结束（\($1)）收到的运维数据：工单流转有多快、"
            + "今晚 pmbatch 计划了哪些工作、输入数据是否可靠。" },
        item: "项目",
        value: "数值",
        asOf: "截止日期",
        cutoffNote: { "截止时刻：当日结束，\($0)" },
        periodP: "统计周期 P",
        previousPeriod: "上一周期",
        baseline: "基线",
        baselineIsPrevious: "上一周期（未配置 `[kpi].baseline`）",
        periodRange: { "\($0) 至 \($1)（\($2) 天）" },
        dataSeen: "已读数据",
        dataSeenText: { d in
            "\(d.files) 个文件，\(d.rows) 行，\(d.assets) 台设备，\(d.workOrders) 张工单，\(d.events) 条事件"
        },
        rulesDigest: "规则摘要",
        program: "程序",

        summaryTitle: "KPI 总览：三横一纵",
        summaryIntro: "原文的“三横一纵”验证法：三个横向指标衡量工单流转（客户感知的速度、内部执行速度、工程师产能），"
            + "一个纵向指标衡量问题是否反复出现。",
        kpiColumn: "指标",
        thresholdColumn: "阈值",
        healthyColumn: "达标",
        previousColumn: "上一周期",
        baselineColumn: "基线",
        h1Name: "横向：客户感知时效（提交到首条进度更新的平均时长）",
        h2Name: "横向：内部执行效率（创建到技术闭环的平均耗时，剔除客户等待期）",
        h3Name: "横向：资源利用率（工程师日均有效工单数）",
        v1Name: { "纵向：问题复发率（同一客户、同一故障代码 \($0) 天内重复提单）" },
        h2Threshold: { "较基线缩短 ≥ \($0)" },
        h3Threshold: { "≥ \($0)，或较基线提升 ≥ \($1)" },
        engineerDaysN: { "\($0) 个人日" },
        worstChannel: { "最差渠道 \($0)：\($1)" },
        h2GainNote: { "缩短 \($0)" },
        h3GainNote: { "较基线提升 \($0)" },

        h1Title: "客户感知时效",
        h1Intro: "P 内创建的客户工单（渠道不是 `preventive`）从提交到首条进度更新的分钟数，按渠道统计；紧急工单适用更严格的时限。",
        channel: "渠道",
        mean: "平均",
        median: "中位数",
        p90: "P90",
        allChannels: "全部渠道",
        urgentLine: "紧急（优先级或关键词）",
        noChannelData: "P 内没有创建客户工单。",
        waitingTitle: { "等待首条更新：\($0) 张" },
        waitingIntro: "P 内创建、截止时刻仍无任何进度更新的工单，最早的在前；不计入上表。",
        waitingNone: "没有等待首条更新的工单。",
        workOrder: "工单",
        created: { "创建时间（\($0)）" },
        waited: "已等待",

        h2Title: "内部执行效率",
        h2Intro: "首次技术闭环落在 P 内的工单，从创建到首次技术闭环的小时数，扣除等待客户的时间。",
        h2Line: { "工单数 n = \($0)；平均 \($1)，中位数 \($2)，P90 \($3)。" },
        h2Baseline: { "基线平均：\($0)；缩短比例：\($1)（要求：\($2)）。" },
        h3Title: "资源利用率",
        h3Intro: "有效工单（首次技术闭环在 P 内，且从未重复派单、取消或返工）除以活跃人日（当天至少有一条事件的工程师）。",
        h3Line: { "有效工单：\($0)；活跃人日：\($1)；人均每日：\($2)（基线 \($3)；提升：\($4)；要求：\($5)）。" },
        v1Title: "问题复发率",
        v1Intro: { "P 内创建的纠正性工单中，\($0) 天内同一客户、同一故障代码已有工单的比例。" },
        v1Line: { "纠正性工单 n = \($0)；复发：\($1)；复发率：\($2)。" },
        worstCustomers: "复发最多的客户",
        worstFaultCodes: "复发最多的故障代码",
        customer: "客户",
        faultCode: "故障代码",
        orders: "工单数",
        repeats: "复发数",
        noRepeats: "P 内没有复发。",

        trendTitle: { "KPI 趋势：最近 \($0) 个周期" },
        trendIntro: { count, days in
            "情况在好转吗？最近 \(count) 个周期（每个 \(days) 天，最早的在前）的四项 KPI 和积压，每个周期都以其最后一天为截止时刻计算，"
                + "并按其自身的基线判断；最后一行即 P。图中红色虚线为阈值。"
        },
        periodEnding: "周期截止",
        backlogColumn: "积压（人日）",
        trendFirstUpdateChart: "横向：各周期首条更新平均分钟数",
        trendExecutionChart: "横向：各周期技术闭环平均小时数",
        trendUtilizationChart: "横向：各周期工程师日均有效工单数",
        trendRecurrenceChart: "纵向：各周期问题复发率",
        trendBacklogChart: "各周期截止时的积压（人日）",
        trendMeasured: "实测",
        trendExecutionNeeded: { "要求：基线缩短 \($0)" },
        trendUtilizationNeeded: { "或：基线提升 \($0)" },
        chartHoursAxis: "小时",
        chartPerEngineerDayAxis: "人均每日",
        chartEngineerDaysAxis: "人日",

        standardTitle: "通用维修指标",
        standardIntro: "业内常用的维修指标（SMRP），与原文四个指标并列，便于与其他组织比较。",
        mtbfName: "MTBF（平均故障间隔时间）",
        mtbfN: { "n = \($0) 次故障" },
        mtbfFormula: "设备数 × P 的小时数 ÷ P 内确认的故障数（按日历时间计运行时间）",
        mttrName: "MTTR（平均修复时间）",
        mttrN: { "n = \($0) 次维修" },
        mttrFormula: "对首次技术闭环在 P 内的纠正性工单，取（技术闭环 − 首次 `on_site` 事件，无则取创建时间）"
            + "扣除 `waiting_customer` 与 `waiting_parts` 时间后的平均值",
        pmName: "预防性维护按期完成率",
        pmN: { "应完成 \($0) 张，按期 \($1) 张" },
        pmFormula: "到期日在 P 内、且在到期日结束前技术闭环的 pmbatch 预防性工单 ÷ 到期日在 P 内的预防性工单",
        backlogName: "积压",
        backlogValue: { "\($0) 人日" },
        backlogN: { "n = \($0) 张未结工单" },
        backlogFormula: "截止时刻未结工单数 ÷ 工程师平均日产能（未知时按 12）",
        formula: "公式",

        stuckTitle: "工单滞留TOP5环节",
        stuckIntro: "工单卡在哪里最久：按 P 内各状态停留到下一事件的平均时长排序。",
        rank: "排名",
        status: "状态",
        count: "次数",
        total: "合计",
        noStuck: "P 内没有可计算停留时长的事件。",

        closureTitle: "三级状态锁审计",
        closureIntro: "工单只有在技术闭环（现场照片）、交付闭环（客户签字）、财务闭环（开票编号）三者都有凭证后才允许结案。",
        falseClosuresTitle: { "虚假结案：\($0) 张" },
        falseClosuresIntro: "P 内结案，但三级闭环凭证不全。",
        closedAt: "结案时间",
        missing: "缺少",
        completeTitle: { "已满足但未结案：\($0) 张" },
        completeIntro: "三级闭环凭证齐全，但工单一直未结案。",
        statusName: { raw in
            switch raw {
            case "technical_closed": "技术闭环"
            case "delivery_confirmed": "交付闭环"
            case "financial_closed": "财务闭环"
            default: raw
            }
        },

        preventiveTitle: { "今晚生成的预防性工单：\($0) 张" },
        preventiveIntro: "pmbatch 今晚根据报警次数和部件寿命生成的工单；WD 编号是现场 APP、CRM 与 ERP 共用的全局 ID。",
        id: "编号",
        rule: "规则",
        asset: "设备",
        site: "站点",
        evidence: "依据",
        action: "措施",
        priority: "优先级",
        engineer: "工程师",
        due: "到期日",
        noEngineer: "—（无合适人选）",
        evidenceText: { evidence in
            switch evidence {
            case .alerts(let count, let codes, let window, let limit):
                let span = switch window {
                case .month(let month): "\(month) 月内"
                case .rolling(let days, let lastDay): "截至 \(lastDay) 的 \(days) 天内"
                }
                return "\(span) \(codes.joined(separator: "/")) 报警 \(count) 次，上限 \(limit) 次"
            case .age(let type, let slot, let installedOn, let ageDays, let limit):
                return "\(slot) 部位的 \(type) 于 \(installedOn) 安装，已使用 \(ageDays) 天，上限 \(limit)"
            case .batch(let count, let type, let batch, let site, let minAge, let minCount, let assets):
                return "站点 \(site.isEmpty ? "（无）" : site) 批次 \(batch) 的 \(count) 个 \(type) 已使用满 \(minAge)"
                    + "（规则要求同批至少 \(minCount) 个）：" + assets.joined(separator: "、")
            }
        },
        requestsTitle: { "备件申请：\($0) 张" },
        requestsIntro: "为今晚工单申请的备件；缺口为现有库存无法覆盖的数量。",
        part: "备件",
        batch: "批次",
        quantity: "数量",
        stock: "库存",
        shortfall: "缺口",
        neededBy: "需求日期",
        suppressedTitle: { "被抑制的触发：\($0) 条" },
        suppressedIntro: "规则已触发，但该设备已有同技能的未结工单，因此没有新建工单。",
        blockingOrder: "阻挡工单",
        unassignedTitle: { "未推荐工程师的工单：\($0) 张" },
        unassignedIntro: "没有找到具备该技能、位于设备所在区域且未超日产能的工程师，需要计划员人工指派。",
        skill: "技能",
        noneTonight: "今晚没有。",

        activeRulesTitle: { "生效规则：\($0) 条" },
        activeRulesIntro: "规则文件中的每条规则、其触发条件和触发次数：今晚与 P 内各晚生成的工单、P 内被抑制的触发。"
            + "若规则的报警代码从未出现在遥测数据中，或其部件类型在任何安装记录中都不存在，该规则不可能触发——通常是规则文件中的拼写错误。",
        condition: "条件",
        firedTonight: "今晚触发",
        firedInPeriod: "P 内触发",
        suppressedInPeriod: "P 内被抑制",
        note: "备注",
        noRules: "未配置任何规则。",
        alertCondition: { codes, window, limit in "\(window) \(codes) 报警超过 \(limit) 次" },
        calendarMonth: "当月内",
        rollingDays: { "最近 \($0) 天内" },
        ageCondition: { type, age in "\(type) 使用满 \(age)" },
        batchAgeCondition: { count, type, age in "同一站点同一批次至少 \(count) 个 \(type) 使用满 \(age)" },
        age: { age in
            let number = age.text.dropLast()
            return switch age.text.last {
            case "y": "\(number) 年"
            case "m": "\(number) 个月"
            default: "\(age.days) 天"
            }
        },
        orSeparator: " 或 ",
        codeNeverOccurs: { "不可能触发：\($0) 从未出现在遥测数据中" },
        componentTypeNeverOccurs: { "不可能触发：没有任何安装记录的部件类型是 \($0)" },
        didYouMean: { names in
            names.count == 1 ? "是否应为 \(names[0])？"
                : "是否应为 \(names.dropLast().joined(separator: "、")) 或 \(names.last!)？"
        },
        nothingClose: "没有相近的已知名称",
        codesUnchecked: "未检查：尚未读入任何遥测数据",
        componentTypesUnchecked: "未检查：尚无部件安装记录",

        fleetTitle: "设备健康",
        fleetIntro: "P 内报警最多的设备，以及最接近规则更换年限的部件。",
        topAssetsTitle: "报警最多的设备",
        alerts: "报警数",
        topCode: "最多的报警代码",
        agingTitle: "最接近寿命上限的部件",
        slot: "部位",
        componentType: "类型",
        installed: "安装日期",
        ageDays: "已用天数",
        limitDays: "上限天数",
        daysLeft: "剩余天数",
        noAlerts: "P 内没有报警。",
        noAging: "没有受寿命规则监控的部件。",
        openOrder: "在办工单",
        noOpenOrder: "无",

        qualityTitle: "数据质量",
        qualityIntro: "今晚和累计读取了什么、哪些无法使用：坏行被隔离（保留文件、行号和原因，绝不静默丢弃）；无法读取的文件被拒收，下次运行时重试。",
        tonightDrop: "今晚到达",
        toDate: "累计",
        filesRead: "已读文件",
        rowsRead: "已读行数",
        quarantinedRows: "隔离行数",
        duplicatesSkipped: "重复行（只计一次）",
        filesRejected: "拒收文件",
        rejectedTitle: "拒收文件（尚未成功读取）",
        file: "文件",
        problem: "问题",
        unmappedTitle: "未映射的状态（按进度事件处理；可在 `[status_map]` 中映射）",
        events: "事件数",
        quarantineReason: { reason in
            switch reason {
            case .wrongColumnCount: "列数不符"
            case .missingField: "缺少必填字段"
            case .badTimestamp: "时间戳无效"
            case .badDate: "日期无效"
            case .badNumber: "数值无效"
            case .unknownAsset: "未知设备"
            case .badJSON: "JSON 无效"
            case .invalidUTF8: "非法 UTF-8 或 NUL 字节"
            case .lineTooLong: "行过长"
            case .duplicateColumn: "重复的列"
            case .unterminatedQuote: "引号未闭合"
            }
        },

        chartsTitle: "趋势",
        chartsIntro: "P 内的每日数据，以 SVG 文件形式保存在本报告旁边。",
        chartFirstUpdate: "每日首条更新平均分钟数",
        chartClosures: "每日技术闭环数",
        chartAlerts: "报警最多设备的每日报警数",
        chartNoData: "无数据",
        chartMinutesAxis: "分钟",
        chartCountAxis: "次数",

        firstNight: "上线首晚",
        lateTitle: { "因迟到或修复的输入而生成的工单：\($0) 张" },
        lateIntro: "这些工单今晚才触发，是因为部分报警在其所属日期的当晚尚未到达：它们较晚投递，或所在文件在该晚评估之后才到达、"
            + "被修复或被替换。若这些输入按时到达，工单会在更早的夜晚生成。",
        lateInput: "迟到的输入",
        replayTitle: "重现本晚",
        replayText: { asOf, first, digest in
            "在新状态上用归档的数据目录运行 `pmbatch run --as-of \(asOf) --first-night \(first) --db NEW.sqlite`，"
                + "并使用相同的规则（摘要 `\(digest)`），即可逐字节得到本报告：从 \(first) 起的夜晚会被评估，之前的只作为历史数据。"
                + "迟到或修复过的输入按其在归档中的样子读取。"
        }
    )

    /// The text for a language.
    static func forLanguage(_ language: Language) -> ReportText {
        switch language {
        case .en: english
        case .zh: chinese
        }
    }
}
