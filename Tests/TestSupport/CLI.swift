import Foundation

/// Runs the built `pmbatch` binary, as a nightly job would.
public enum CLI {
    /// What one run printed and returned.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The binary: `$PMBATCH_BIN`, else the one `swift build` put beside the test bundle, else `.build/debug`.
    public static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["PMBATCH_BIN"] { return explicit }
        let bundleDir = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [bundleDir.appendingPathComponent("pmbatch"),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                              .appendingPathComponent("pmbatch"),
                          TestPaths.packageRoot.appendingPathComponent(".build/debug/pmbatch")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate.path
        }
        return TestPaths.packageRoot.appendingPathComponent(".build/debug/pmbatch").path
    }

    /// Runs `pmbatch arguments…` in `directory` and waits for it.
    @discardableResult
    public static func run(_ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Writes the Azure PdM rules file (`azureRules`, whose `[files]` reads the export where it lies) followed
    /// by `extraRules` into `folder`, and returns its path, for `--data TestPaths.azurePdM --rules …`.
    public static func makeAzureRulesFile(in folder: URL, extraRules: String = "") throws -> URL {
        try TestPaths.write(azureRules + "\n" + extraRules, to: "azure-rules.toml", under: folder)
    }

    /// File and column maps for the Azure PdM files (naive timestamps read as UTC): `datasets/azure-pdm/rules.toml`,
    /// the same file the README and `make azure` use.
    public static var azureRules: String {
        (try? String(contentsOf: TestPaths.packageRoot.appendingPathComponent("datasets/azure-pdm/rules.toml"),
                     encoding: .utf8)) ?? ""
    }
}
