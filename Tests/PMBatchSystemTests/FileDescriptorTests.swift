import Foundation
import PMBatchSystem
import Testing
import TestSupport

@Suite("POSIX wrappers")
struct FileDescriptorTests {
    @Test("a missing file is ENOENT, described as the C library describes it")
    func missingFile() throws {
        let dir = try TestPaths.makeScratchDirectory("system-missing")
        let path = dir.appendingPathComponent("absent.csv").path
        #expect(throws: Errno.noSuchFileOrDirectory) { try FileDescriptor.open(path, .readOnly) }
        #expect(Errno.noSuchFileOrDirectory.description == "No such file or directory")
    }

    @Test("writeAll then read gives the bytes back; read returns 0 at the end")
    func roundTrip() throws {
        let dir = try TestPaths.makeScratchDirectory("system-roundtrip")
        let path = dir.appendingPathComponent("x.bin").path
        // More than one read's worth, with a byte pattern that shows a misplaced block.
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        let out = try FileDescriptor.open(path, .writeOnly, options: [.create, .truncate])
        try bytes.withUnsafeBytes { try out.writeAll($0) }
        try out.close()

        let input = try FileDescriptor.open(path, .readOnly)
        defer { try? input.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 16)
        defer { buffer.deallocate() }
        var read: [UInt8] = []
        while true {
            let n = try input.read(into: buffer)
            if n == 0 { break }
            read.append(contentsOf: buffer[0..<n])
        }
        #expect(read == bytes)
    }

    @Test("truncate then writeAll(atOffset:) replaces the content")
    func truncateAndPositionalWrite() throws {
        let dir = try TestPaths.makeScratchDirectory("system-pwrite")
        let path = dir.appendingPathComponent("x.lock").path
        try Data("pid 1 on old-host, started long ago\n".utf8).write(to: URL(fileURLWithPath: path))
        let fd = try FileDescriptor.open(path, .readWrite, options: [.create, .closeOnExec])
        try fd.truncate(toSize: 0)
        try Array("pid 42\n".utf8).withUnsafeBytes { try fd.writeAll($0, atOffset: 0) }
        try fd.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "pid 42\n")
    }

    @Test("a second exclusive lock on the same file would block; after unlock it is taken")
    func exclusiveLock() throws {
        let dir = try TestPaths.makeScratchDirectory("system-flock")
        let path = dir.appendingPathComponent("state.lock").path
        let first = try FileDescriptor.open(path, .readWrite, options: [.create, .closeOnExec])
        let second = try FileDescriptor.open(path, .readWrite, options: [.create, .closeOnExec])
        defer { try? first.close(); try? second.close() }
        try first.lockExclusive(wait: false)
        #expect(throws: Errno.wouldBlock) { try second.lockExclusive(wait: false) }
        try first.unlock()
        try second.lockExclusive(wait: false)
    }

    @Test("a call on a descriptor that is not open throws its errno (EBADF)")
    func closedDescriptor() throws {
        // Not one closed here: the tests run in parallel, and another may be given that number meanwhile (then
        // the second close would close its file). No process is allowed this many descriptors.
        let fd = FileDescriptor(rawValue: Int32.max - 1)
        let error = #expect(throws: Errno.self) { try fd.close() }
        #expect(error?.description == "Bad file descriptor")
    }
}
