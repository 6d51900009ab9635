import Foundation

/// Paths and scratch folders shared by the test targets.
public enum TestPaths {
    /// The package root (this file is Tests/TestSupport/TestPaths.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The public Azure PdM data (never committed): `$PMBATCH_AZURE_PDM`, else `../shared/data/azure-pdm`
    /// beside the project.
    public static let azurePdM: URL = ProcessInfo.processInfo.environment["PMBATCH_AZURE_PDM"]
        .map { URL(fileURLWithPath: $0) }
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/azure-pdm")

    /// Whether the Azure PdM tests run: when the data is there, and always in CI (`CI=true`), where its
    /// absence must fail rather than skip. A clone elsewhere skips them with a note instead of failing.
    public static var runAzurePdMTests: Bool {
        FileManager.default.fileExists(atPath: azurePdM.appendingPathComponent("PdM_errors.csv").path)
            || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// `Tests/Fixtures`.
    public static let fixtures: URL = packageRoot.appendingPathComponent("Tests/Fixtures")

    /// A fresh empty folder under the system temporary directory.
    public static func makeScratchDirectory(_ label: String = "pmbatch") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `relativePath` under `root`, creating folders.
    @discardableResult
    public static func write(_ text: String, to relativePath: String, under root: URL) throws -> URL {
        try write(Data(text.utf8), to: relativePath, under: root)
    }

    /// Writes bytes to `relativePath` under `root`, creating folders.
    @discardableResult
    public static func write(_ data: Data, to relativePath: String, under root: URL) throws -> URL {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }
}
