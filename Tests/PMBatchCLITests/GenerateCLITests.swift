import Foundation
import TestSupport
import Testing

/// Every regular file under `root` (hidden ones left out), by relative path.
private func filesUnder(_ root: URL) throws -> [String: Data] {
    let base = root.standardizedFileURL.path
    var result: [String: Data] = [:]
    let enumerator = try #require(FileManager.default.enumerator(atPath: base))
    while let relative = enumerator.nextObject() as? String {
        guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory),
           !isDirectory.boolValue {
            result[relative] = try Data(contentsOf: URL(fileURLWithPath: base + "/" + relative))
        }
    }
    return result
}

/// The generator is deterministic across processes: Swift's `Hasher` is seeded per process, so only runs of
/// the binary (or a committed golden) can catch output that depends on `Dictionary` or `Set` order.
@Suite("pmbatch generate across processes")
struct GenerateCLITests {
    @Test("`make sample`'s options reproduce the committed datasets/sample byte for byte")
    func committedSampleIsCurrent() throws {
        let out = try TestPaths.makeScratchDirectory("pmbatch-generate-sample").appendingPathComponent("sample")
        // The Makefile's `sample` target.
        let result = try CLI.run(["generate", "--out", out.path, "--seed", "7", "--assets", "60", "--days", "90",
                                  "--end", "2026-11-24", "--telemetry-format", "mixed"])
        #expect(result.status == 0, "\(result.stderr)")
        let produced = try filesUnder(out)
        let committed = try filesUnder(TestPaths.packageRoot.appendingPathComponent("datasets/sample"))
        #expect(produced.keys.sorted() == committed.keys.sorted())
        #expect(committed.count > 200)
        for (path, data) in committed.sorted(by: { $0.key < $1.key }) {
            #expect(produced[path] == data, "\(path) differs from datasets/sample: run `make sample` if intended")
        }
    }

    @Test("two runs with several dumps a day and mixed formats write the same bytes")
    func twoProcessesSameBytes() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-generate-twice")
        var outputs: [[String: Data]] = []
        for run in ["a", "b"] {
            let out = scratch.appendingPathComponent(run)
            let result = try CLI.run(["generate", "--out", out.path, "--seed", "42", "--assets", "30", "--days", "9",
                                      "--telemetry-format", "mixed", "--telemetry-files-per-day", "2"])
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(try filesUnder(out))
        }
        #expect(outputs[0].count > 20)
        #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted())
        for (path, data) in outputs[0].sorted(by: { $0.key < $1.key }) {
            #expect(outputs[1][path] == data, "\(path) differs between two runs")
        }
    }
}
