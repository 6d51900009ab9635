import PMBatchCore

extension SearchReport {
    /// `search_front.svg`: every evaluated set as a small grey dot at (training alarms per asset-month,
    /// training recall); the Pareto front joined in blue, each front point labelled with its training
    /// precision; the same front sets on the validation nights as hollow orange circles; the recommended set
    /// ringed. Its own layout (640 × 300) so that the axis titles sit clear of the tick labels.
    public static func chart(_ r: SearchResult) -> String {
        let width = 640.0, height = 300.0, left = 64.0, right = 20.0, top = 40.0, bottom = 64.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let title = "Rule search: recall against alarms per asset-month"
        var svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
            + "  <title>\(SVGChart.escape(title))</title>\n"
            + "  <rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
            + "  <text x=\"\(n(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">"
            + "\(SVGChart.escape(title))</text>\n"
        guard !r.sets.isEmpty else {
            return svg + "  <text x=\"\(n(width / 2))\" y=\"\(n(height / 2))\" text-anchor=\"middle\" fill=\"#7f7f7f\">"
                + "No rule set</text>\n</svg>\n"
        }
        let frontSets = front(r)
        let rates = r.sets.map { $0.training.alarmsPerAssetMonth ?? 0 }
            + frontSets.map { r.sets[$0].validation.alarmsPerAssetMonth ?? 0 }
        let xMax = SVGChart.niceCeiling(rates.max() ?? 0)
        func x(_ v: Double?) -> Double { left + plotWidth * max(0, v ?? 0) / xMax }
        func y(_ recall: Double?) -> Double { top + plotHeight - plotHeight * max(0, recall ?? 0) }
        let x0 = n(left), x1 = n(left + plotWidth), yBase = n(top + plotHeight)
        for step in 0...4 {
            let value = Double(step) / 4
            svg += "  <line x1=\"\(x0)\" y1=\"\(n(y(value)))\" x2=\"\(x1)\" y2=\"\(n(y(value)))\" stroke=\"#e0e0e0\"/>\n"
            svg += "  <text x=\"\(n(left - 6))\" y=\"\(n(y(value) + 4))\" text-anchor=\"end\">"
                + "\(NumberText.fixed(value * 100, 0))%</text>\n"
            let xv = xMax * Double(step) / 4
            svg += "  <text x=\"\(n(x(xv)))\" y=\"\(n(top + plotHeight + 16))\" text-anchor=\"middle\">"
                + "\(NumberText.fixed(xv, xMax < 1 ? 3 : xMax < 10 ? 2 : 1))</text>\n"
        }
        svg += "  <line x1=\"\(x0)\" y1=\"\(yBase)\" x2=\"\(x1)\" y2=\"\(yBase)\" stroke=\"#000000\"/>\n"
        svg += "  <line x1=\"\(x0)\" y1=\"\(n(top))\" x2=\"\(x0)\" y2=\"\(yBase)\" stroke=\"#000000\"/>\n"
        // Axis titles outside the tick labels: y rotated at the far left, x below the tick row.
        svg += "  <text x=\"16\" y=\"\(n(top + plotHeight / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 16 \(n(top + plotHeight / 2)))\">recall</text>\n"
        svg += "  <text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(top + plotHeight + 32))\" text-anchor=\"middle\">"
            + "alarms per asset-month (training)</text>\n"
        for set in r.sets where !set.paretoOptimal {
            svg += "  <circle cx=\"\(n(x(set.training.alarmsPerAssetMonth)))\" cy=\"\(n(y(set.training.recall)))\" "
                + "r=\"1.5\" fill=\"#bdbdbd\"/>\n"
        }
        let blue = "#1f77b4", orange = "#ff7f0e"
        if frontSets.count > 1 {
            let points = frontSets.map { "\(n(x(r.sets[$0].training.alarmsPerAssetMonth))),\(n(y(r.sets[$0].training.recall)))" }
            svg += "  <polyline fill=\"none\" stroke=\"\(blue)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>\n"
        }
        for i in frontSets {
            let s = r.sets[i]
            let vx = n(x(s.validation.alarmsPerAssetMonth)), vy = n(y(s.validation.recall))
            svg += "  <circle cx=\"\(vx)\" cy=\"\(vy)\" r=\"3\" fill=\"none\" stroke=\"\(orange)\" stroke-width=\"1.2\"/>\n"
        }
        for (k, i) in frontSets.enumerated() {
            let s = r.sets[i]
            let cx = n(x(s.training.alarmsPerAssetMonth)), cy = y(s.training.recall)
            svg += "  <circle cx=\"\(cx)\" cy=\"\(n(cy))\" r=\"3.5\" fill=\"\(blue)\"/>\n"
            // Precision labels alternate above and below the line so neighbours do not overlap.
            let labelY = k % 2 == 0 ? cy - 7 : cy + 14
            svg += "  <text x=\"\(cx)\" y=\"\(n(labelY))\" text-anchor=\"middle\" font-size=\"9\" fill=\"\(blue)\">"
                + "\(s.training.precision.map { NumberText.fixed($0 * 100, 0) + "%" } ?? "—")</text>\n"
        }
        if let best = r.recommended {
            let s = r.sets[best]
            svg += "  <circle cx=\"\(n(x(s.training.alarmsPerAssetMonth)))\" cy=\"\(n(y(s.training.recall)))\" "
                + "r=\"7\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>\n"
        }
        let legendY = height - 12
        let legend: [(String, String)] = [
            (blue, "front, training (label: precision)"), (orange, "front sets, validation"),
            ("#d62728", "recommended"), ("#bdbdbd", "other sets"),
        ]
        var lx = left
        for (color, text) in legend {
            svg += "  <rect x=\"\(n(lx))\" y=\"\(n(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>\n"
            svg += "  <text x=\"\(n(lx + 14))\" y=\"\(n(legendY))\">\(SVGChart.escape(text))</text>\n"
            lx += 24 + Double(text.count) * 5.6
        }
        return svg + "</svg>\n"
    }

    static func n(_ value: Double) -> String { SVGChart.n(value) }
}
