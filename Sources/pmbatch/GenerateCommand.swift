import ArgumentParser

/// `pmbatch generate`: writes a deterministic synthetic fleet (placeholder until the generator lands).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Write a synthetic data set.")
    func run() throws {}
}
