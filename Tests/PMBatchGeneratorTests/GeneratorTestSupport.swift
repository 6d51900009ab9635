import Foundation
import PMBatchGenerator
import TestSupport

/// Helpers for the generator tests: run the generator into a scratch folder, read files back.
enum GeneratedSet {
    /// Generates into a fresh scratch folder; returns the folder and the summary.
    static func make(_ options: GeneratorOptions, label: String = "gen") throws -> (URL, GenerationSummary) {
        let dir = try TestPaths.makeScratchDirectory(label)
        let summary = try FleetGenerator(options: options).generate(into: dir.path)
        return (dir, summary)
    }

    /// Every regular file under `dir`, as sorted relative paths.
    static func files(under dir: URL) -> [String] {
        let root = dir.standardizedFileURL.path
        var result: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root)!
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
               !isDirectory.boolValue {
                result.append(relative)
            }
        }
        return result.sorted()
    }

    /// Runs a program, returning its exit status and standard output.
    static func run(_ program: String, _ arguments: [String]) throws -> (Int32, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    /// The decompressed lines of a zstd file (through `/usr/bin/zstd -dc`), header excluded when CSV.
    static func zstdLines(_ url: URL) throws -> [Substring] {
        let (status, data) = try run("/usr/bin/zstd", ["-dcq", url.path])
        precondition(status == 0, "zstd failed on \(url.path)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
    }

    /// The lines of a small text file.
    static func lines(_ url: URL) throws -> [Substring] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
    }
}
