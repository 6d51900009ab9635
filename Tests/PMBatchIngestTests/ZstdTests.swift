import Foundation
import Testing
import PMBatchCore
@testable import PMBatchIngest

@Suite struct ZstdTests {
    static let text = (0..<5000).map { "2026-11-24T03:15:22Z,EL-\($0 % 97),door_open_delay,\($0)\n" }.joined()

    @Test(arguments: [false, true])
    func oneFrame(background: Bool) throws {
        let path = try Helpers.file(try Helpers.zstd(Data(Self.text.utf8)), name: "t.csv.zst")
        let source = try ByteSources.open(path: path, displayName: "t.csv.zst", chunkSize: 4096, background: background)
        #expect(source.isCompressed)
        let (data, chunks) = try Helpers.drain(source)
        #expect(String(decoding: data, as: UTF8.self) == Self.text)
        #expect(chunks > 10)
    }

    @Test(arguments: [false, true])
    func multiFrameConcatenatedAndSkippable(background: Bool) throws {
        let a = Data("first part\n".utf8), b = Data(Self.text.utf8), c = Data("last\n".utf8)
        // A skippable frame: magic 0x184D2A53, 4-byte length, payload.
        let skippable = Data([0x53, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3])
        var all = try Helpers.zstd(a)
        all += skippable + (try Helpers.zstd(b, level: 1)) + (try Helpers.zstd(c))
        let path = try Helpers.file(all, name: "multi.zst")
        let source = try ByteSources.open(path: path, displayName: "multi.zst", chunkSize: 1000, background: background)
        let (data, _) = try Helpers.drain(source)
        #expect(data == a + b + c)
    }

    @Test func fileStartingWithSkippableFrameIsDetected() throws {
        var all = Data([0x50, 0x2A, 0x4D, 0x18, 0, 0, 0, 0])
        all += try Helpers.zstd(Data("x\n".utf8))
        let source = try FileByteSource(path: try Helpers.file(all, name: "s"), displayName: "s")
        #expect(source.isCompressed)
        #expect(try Helpers.drain(source).0 == Data("x\n".utf8))
    }

    @Test(arguments: [false, true])
    func truncatedNamesTheOffset(background: Bool) throws {
        let full = try Helpers.zstd(Data(Self.text.utf8))
        let cut = full.prefix(full.count - 10)
        let path = try Helpers.file(cut, name: "cut.zst")
        let source = try ByteSources.open(path: path, displayName: "cut.zst", chunkSize: 4096, background: background)
        #expect(throws: IngestError.zstdTruncated(file: "cut.zst", offset: Int64(cut.count))) {
            _ = try Helpers.drain(source)
        }
    }

    @Test func corruptNamesOffsetAndZstdMessage() throws {
        var bytes = [UInt8](try Helpers.zstd(Data(Self.text.utf8)))
        for i in 20..<60 { bytes[i] ^= 0x5A }
        let path = try Helpers.file(Data(bytes), name: "bad.zst")
        let source = try FileByteSource(path: path, displayName: "bad.zst", chunkSize: 4096)
        do {
            _ = try Helpers.drain(source)
            Issue.record("expected an error")
        } catch let error as IngestError {
            guard case .zstdCorrupt(let file, let offset, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(file == "bad.zst")
            #expect(offset >= 0 && offset <= Int64(bytes.count))
            #expect(!message.isEmpty)
            #expect(error.description.contains("corrupt at byte"))
        }
    }

    @Test func plainFileNamedZstIsReadPlain() throws {
        let path = try Helpers.file("ts,asset_id,code\n", name: "plain.csv.zst")
        let source = try FileByteSource(path: path, displayName: "plain.csv.zst")
        #expect(!source.isCompressed)
        #expect(try Helpers.drain(source).0 == Data("ts,asset_id,code\n".utf8))
    }

    @Test func missingFileCannotBeOpened() {
        #expect(throws: IngestError.self) {
            _ = try FileByteSource(path: "/nonexistent/x.csv", displayName: "x.csv")
        }
    }

    @Test func backgroundSourceStoppedEarlyDoesNotHang() throws {
        let path = try Helpers.file(try Helpers.zstd(Data(Self.text.utf8)), name: "t.zst")
        for _ in 0..<20 {
            let source = try BackgroundByteSource(path: path, displayName: "t.zst", chunkSize: 512, buffers: 2)
            _ = try source.nextChunk()
        }
    }
}
