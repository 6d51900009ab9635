import ArgumentParser
import PMBatchReport

/// Options of the commands that write the report.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Output folder; files go to OUT/<as-of>/.",
                                            valueName: "dir"))
    var out: String = "Reports"

    @Option(name: .long, help: "Report language: en or zh.")
    var lang: String = "en"

    @Option(name: .long, help: "Length of the KPI period in days, ending at the cutoff.")
    var period: Int = 30

    func validate() throws {
        guard Language(rawValue: lang) != nil else { throw ValidationError("--lang must be en or zh, got '\(lang)'.") }
        guard (1...366).contains(period) else { throw ValidationError("--period must be 1 to 366 days.") }
    }

    var language: Language { Language(rawValue: lang) ?? .en }
}
