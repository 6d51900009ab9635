import PMBatchCore

extension BacktestReport {
    /// `backtest_sweep.svg`: one point per sweep threshold at (alarms per asset-month, recall), one colour
    /// per swept rule, points of the Pareto front filled and joined, the others hollow; each labelled with
    /// its threshold. The x-axis title has a row of its own under the tick labels (the canvas is taller by
    /// that row): at the top right it sat on the label of a point at 100 % recall.
    public static func chart(_ r: BacktestResult) -> String {
        typealias C = SVGChart
        let canvasHeight = C.height + xTitleRow
        var svg = C.open(title: "Backtest sweep: recall against alarms per asset-month", canvasHeight: canvasHeight)
        let points = r.sweep
        guard !points.isEmpty else { return svg + C.empty("No sweep") + "</svg>\n" }
        let xMax = C.niceCeiling(points.map { $0.score.alarmsPerAssetMonth ?? 0 }.max() ?? 0)
        let yMax = min(100, C.niceCeiling(points.map { ($0.score.recall ?? 0) * 100 }.max() ?? 0))
        func x(_ v: Double) -> Double { C.left + C.plotWidth * max(0, v) / xMax }
        func y(_ v: Double) -> Double { C.top + C.plotHeight - C.plotHeight * max(0, v) / yMax }
        let x0 = C.n(C.left), x1 = C.n(C.left + C.plotWidth), yBase = C.n(C.top + C.plotHeight)
        for step in 0...4 {
            let value = yMax * Double(step) / 4
            svg += "  <line x1=\"\(x0)\" y1=\"\(C.n(y(value)))\" x2=\"\(x1)\" y2=\"\(C.n(y(value)))\" stroke=\"#e0e0e0\"/>\n"
            svg += "  <text x=\"\(C.n(C.left - 6))\" y=\"\(C.n(y(value) + 4))\" text-anchor=\"end\">"
                + "\(C.label(value))%</text>\n"
            let xv = xMax * Double(step) / 4
            svg += "  <text x=\"\(C.n(x(xv)))\" y=\"\(C.n(C.top + C.plotHeight + 16))\" text-anchor=\"middle\">"
                + "\(xMax < 1 ? NumberText.fixed(xv, 3) : C.label(xv))</text>\n"
        }
        svg += "  <line x1=\"\(x0)\" y1=\"\(yBase)\" x2=\"\(x1)\" y2=\"\(yBase)\" stroke=\"#000000\"/>\n"
        svg += "  <line x1=\"\(x0)\" y1=\"\(C.n(C.top))\" x2=\"\(x0)\" y2=\"\(yBase)\" stroke=\"#000000\"/>\n"
        svg += "  <text x=\"14\" y=\"\(C.n(C.top + C.plotHeight / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 14 \(C.n(C.top + C.plotHeight / 2)))\">recall</text>\n"
        svg += "  <text x=\"\(C.n(C.left + C.plotWidth / 2))\" y=\"\(C.n(C.top + C.plotHeight + 32))\" "
            + "text-anchor=\"middle\">alarms per asset-month</text>\n"
        var rules: [String] = []
        for p in points where !rules.contains(p.ruleID) { rules.append(p.ruleID) }
        for (index, rule) in rules.enumerated() {
            let color = C.palette[index % C.palette.count]
            let group = points.filter { $0.ruleID == rule }
            let front = group.filter(\.paretoOptimal)
                .sorted { ($0.score.alarmsPerAssetMonth ?? 0, $0.threshold) < ($1.score.alarmsPerAssetMonth ?? 0, $1.threshold) }
            if front.count > 1 {
                let pts = front.map { C.n(x($0.score.alarmsPerAssetMonth ?? 0)) + "," + C.n(y(($0.score.recall ?? 0) * 100)) }
                svg += "  <polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(pts.joined(separator: " "))\"/>\n"
            }
            for p in group {
                let cx = C.n(x(p.score.alarmsPerAssetMonth ?? 0)), cy = C.n(y((p.score.recall ?? 0) * 100))
                let fill = p.paretoOptimal ? color : "#ffffff"
                svg += "  <circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"3.5\" fill=\"\(fill)\" stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
                svg += "  <text x=\"\(cx)\" y=\"\(C.n(y((p.score.recall ?? 0) * 100) - 6))\" text-anchor=\"middle\" "
                    + "font-size=\"9\" fill=\"\(color)\">\(p.threshold)</text>\n"
            }
        }
        svg += C.legend(rules.map { "\($0) (filled: Pareto front)" }, canvasHeight: canvasHeight)
        return svg + "</svg>\n"
    }

    /// The height of the x-axis title row under the tick labels.
    static let xTitleRow = 18
}
