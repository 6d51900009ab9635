#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A C library error code (`errno`) as a Swift error, described the way the C library describes it.
///
/// Thrown by the wrappers in `SystemCalls.swift`; callers that fold it into their own error (a rejected
/// file, a failed write) keep its `description` as the reason.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    /// The C value (`ENOENT`, `EACCES`, …).
    public let rawValue: Int32

    /// The error with C value `rawValue`.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno`, read right after a failed call.
    static var current: Errno { Errno(rawValue: errno) }

    /// `EINTR`: a signal arrived before the call did anything. The wrappers retry; no caller sees it.
    static let interrupted = Errno(rawValue: EINTR)

    /// `EWOULDBLOCK`: a non-blocking `flock` found the lock held by another open file.
    package static let wouldBlock = Errno(rawValue: EWOULDBLOCK)

    /// `ENOENT`: no such file or directory.
    package static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)

    /// The C library's sentence for the code (`strerror(3)`), e.g. "No such file or directory".
    public var description: String { String(cString: strerror(rawValue)) }
}
