/// Deterministic, locale-free number formatting shared by the renderers.
enum NumberText {
    /// `value` with exactly `places` decimals (0…6), rounded half away from zero; `-0` prints as `0`.
    /// Non-finite values print as `—`.
    static func fixed(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "—" }
        var scale: Double = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else {
            // Too large for the decimals asked: whole units, or a dash beyond Int64.
            return abs(value) < 9.0e18 ? String(Int64(value.rounded(.toNearestOrAwayFromZero))) : "—"
        }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        let whole = units / divisor
        var text = (value < 0 && units != 0 ? "-" : "") + String(whole)
        if places > 0 {
            let frac = String(units % divisor)
            text += "." + String(repeating: "0", count: places - frac.count) + frac
        }
        return text
    }

    /// A JSON number: up to 3 decimals, trailing zeros dropped but at least one decimal kept
    /// (`12.5`, `0.0`, `15.0`); never an exponent; `-0` prints as `0.0`. Non-finite → `null`.
    static func json(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        var text = fixed(value, 3)
        guard text != "—" else { return "null" }
        guard text.contains(".") else { return text + ".0" }
        while text.hasSuffix("0"), !text.hasSuffix(".0") { text.removeLast() }
        return text
    }

    /// `rate` (a fraction) as a percentage with one decimal, e.g. `0.0425` → `4.3%`.
    static func percent(_ rate: Double) -> String { fixed(rate * 100, 1) + "%" }
}
