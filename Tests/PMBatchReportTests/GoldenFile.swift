import Foundation
import Testing

/// Compares rendered text with a reviewed file under `Golden/`; `PMBATCH_UPDATE_GOLDEN=1` rewrites it
/// and fails when that changed it, so a run that updates a golden never passes: review the diff, then run
/// again without it.
enum GoldenFile {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["PMBATCH_UPDATE_GOLDEN"] == "1" }

    static func check(_ text: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let previous = FileManager.default.contents(atPath: url.path)
            try Data(text.utf8).write(to: url)
            if previous != Data(text.utf8) {
                Issue.record("rewrote golden file \(name): review `git diff`, then run without PMBATCH_UPDATE_GOLDEN",
                             sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file \(name); run with PMBATCH_UPDATE_GOLDEN=1 and review it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != text {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(got.count, want.count)
            let gotLine = first < got.count ? String(got[first]) : "<end>"
            let wantLine = first < want.count ? String(want[first]) : "<end>"
            Issue.record("\(name) differs at line \(first + 1):\n  got:  \(gotLine)\n  want: \(wantLine)",
                         sourceLocation: sourceLocation)
        }
    }
}
