/// Why `pmbatch generate` could not write its data set.
public enum GeneratorError: Error, CustomStringConvertible, Sendable {
    /// An option is out of range.
    case invalidOption(name: String, reason: String)
    /// A folder could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A file could not be created or written.
    case cannotWrite(path: String, reason: String)
    /// Compressing a telemetry dump failed.
    case compression(ZstdEncoderError)

    /// One sentence naming what failed and where.
    public var description: String {
        switch self {
        case .invalidOption(let name, let reason): "\(name) \(reason)"
        case .cannotCreateDirectory(let path, let reason): "cannot create folder \(path): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .compression(let error): error.description
        }
    }
}
