import Foundation
@testable import PMBatchGenerator
import Testing
import TestSupport

@Suite("random numbers and zstd encoder")
struct FleetRandomTests {
    @Test("deterministic exp and log match libm closely", arguments: [0.001, 0.5, 1, 2.5, 10, 30])
    func math(x: Double) {
        #expect(abs(DeterministicMath.exp(-x) / Foundation.exp(-x) - 1) < 1e-12)
        #expect(abs(DeterministicMath.log(x) - Foundation.log(x)) < 1e-12)
    }

    @Test("same seed and stream → same sequence; Poisson mean is right")
    func sequences() {
        var a = FleetRandom(seed: 9, stream: 4)
        var b = FleetRandom(seed: 9, stream: 4)
        var c = FleetRandom(seed: 9, stream: 5)
        let xs = (0..<8).map { _ in a.next() }
        #expect(xs == (0..<8).map { _ in b.next() })
        #expect(xs != (0..<8).map { _ in c.next() })
        for lambda in [0.3, 4.0, 80.0] {
            var rng = FleetRandom(seed: 1)
            let n = 20_000
            var sum = 0
            for _ in 0..<n { sum += rng.poisson(lambda) }
            let mean = Double(sum) / Double(n)
            #expect(abs(mean - lambda) < 0.05 * lambda + 0.02, "Poisson(\(lambda)) mean \(mean)")
        }
    }

    @Test("ZstdEncoder output decompresses to the input", arguments: [1, 3])
    func zstdRoundTrip(level: Int) throws {
        let dir = try TestPaths.makeScratchDirectory("zstd-enc")
        let path = dir.appendingPathComponent("x.zst").path
        try #require(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        var expected = Data()
        do {
            let encoder = try ZstdEncoder(fileHandle: handle, displayName: "x.zst", level: level, workers: 1)
            for i in 0..<2000 {
                let chunk = Array("row \(i),EL-\(i % 17),door_open_delay,\(i % 97)\n".utf8)
                expected.append(contentsOf: chunk)
                try encoder.write(chunk)
            }
            try encoder.finish()
            #expect(encoder.bytesIn == Int64(expected.count))
            #expect(throws: ZstdEncoderError.alreadyFinished(file: "x.zst")) { try encoder.finish() }
        }
        try handle.close()
        let (status, data) = try GeneratedSet.run("/usr/bin/zstd", ["-dcq", path])
        #expect(status == 0)
        #expect(data == expected)
    }
}
