import Foundation

/// Paths and scratch folders shared by the test targets.
public enum TestPaths {
    /// The package root (this file is Tests/TestSupport/TestPaths.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data/azure-pdm` beside the project: the public Azure PdM data (never committed).
    public static let azurePdM: URL = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/azure-pdm")

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
