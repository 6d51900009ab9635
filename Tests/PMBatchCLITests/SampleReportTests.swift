import Foundation
import TestSupport
import Testing

/// Every file of a folder, by name.
func folderContents(_ folder: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
        result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return result
}

@Suite("The committed sample report")
struct SampleReportTests {
    static let sample = TestPaths.packageRoot.appendingPathComponent("datasets/sample")
    static let committed = TestPaths.packageRoot.appendingPathComponent("Reports/sample/2026-11-24")

    @Test("`make run` output committed in Reports/sample is exactly what the code produces")
    func committedReportIsCurrent() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-sample")
        let out = scratch.appendingPathComponent("out")
        let result = try CLI.run(["run", "--data", Self.sample.path, "--as-of", "2026-11-24",
                                  "--db", scratch.appendingPathComponent("state.sqlite").path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let produced = try folderContents(out.appendingPathComponent("2026-11-24"))
        let expected = try folderContents(Self.committed)
        #expect(produced.keys.sorted() == expected.keys.sorted())
        for (name, data) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(produced[name] == data,
                    "\(name) differs from Reports/sample: run `make run` and commit Reports/sample if intended")
        }
    }

    @Test("the same night run twice on one state, and reported again, gives identical bytes (en and zh)")
    func rerunIsIdentical() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-sample-rerun")
        let db = scratch.appendingPathComponent("state.sqlite").path
        var outputs: [[String: Data]] = []
        for (index, command) in [["run"], ["run"], ["report"]].enumerated() {
            let out = scratch.appendingPathComponent("out\(index)")
            let result = try CLI.run(command + ["--data", Self.sample.path, "--as-of", "2026-11-24", "--db", db,
                                                "--out", out.path, "--lang", "zh"])
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(try folderContents(out.appendingPathComponent("2026-11-24")))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[1] == outputs[2])
        let report = String(decoding: outputs[0]["report.md"] ?? Data(), as: UTF8.self)
        for term in ["客户感知时效", "内部执行效率", "资源利用率", "问题复发率", "滞留TOP5环节", "三级状态锁"] {
            #expect(report.contains(term), "missing \(term)")
        }
    }
}
