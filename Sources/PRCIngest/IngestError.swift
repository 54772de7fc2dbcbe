import PRCCore

/// One failed download attempt: the URL and why it failed.
public struct DownloadAttempt: Sendable, Equatable {
    /// The URL that was tried.
    public let url: String
    /// Why it failed, one line (e.g. "HTTP 404", "body is an HTML page").
    public let reason: String
    /// Creates an attempt record.
    public init(url: String, reason: String) { self.url = url; self.reason = reason }
}

/// Errors of the ingest module; every description names the file, what was expected and what was found.
public enum IngestError: UserFacingError, Equatable {
    /// The bytes are an HTML page (e.g. a mirror's error page) where data was expected.
    case htmlPage(path: String, expected: String)
    /// The content does not match the format (bad magic, bad header, unsupported type).
    case badFormat(path: String, expected: String, found: String)
    /// The byte count disagrees with what the header promises.
    case sizeMismatch(path: String, what: String, expected: Int, found: Int)
    /// The gzip stream is damaged or cut short.
    case corruptGzip(path: String, reason: String)
    /// The payload's SHA-256 is not the published one.
    case hashMismatch(path: String, expected: String, found: String)
    /// A dataset name or path that does not exist.
    case datasetNotFound(name: String, searched: String)
    /// A generator parameter outside its valid range, or inconsistent parameters.
    case invalidParameter(String)
    /// An MNIST file could not be obtained from any mirror.
    case downloadFailed(file: String, attempts: [DownloadAttempt])
    /// A required MNIST file is missing from a local folder.
    case mnistMissing(folder: String, file: String, tried: [String])

    public var description: String {
        switch self {
        case .htmlPage(let path, let expected):
            return "\(path): expected \(expected), found an HTML page (starts with '<'; probably a mirror's error page)"
        case .badFormat(let path, let expected, let found):
            return "\(path): expected \(expected), found \(found)"
        case .sizeMismatch(let path, let what, let expected, let found):
            return "\(path): \(what): expected \(expected) bytes, found \(found) bytes"
        case .corruptGzip(let path, let reason):
            return "\(path): expected a complete gzip stream, found \(reason)"
        case .hashMismatch(let path, let expected, let found):
            return "\(path): expected payload SHA-256 \(expected), found \(found)"
        case .datasetNotFound(let name, let searched):
            return "\(name): no such dataset (looked in \(searched)); run 'prc-data list' or 'prc-data fetch-and-build'"
        case .invalidParameter(let message):
            return message
        case .downloadFailed(let file, let attempts):
            let lines = attempts.map { "  \($0.url): \($0.reason)" }.joined(separator: "\n")
            return "could not download \(file) from any mirror:\n\(lines)\n"
                + "to continue offline: 'prc-data fetch-and-build --offline' (embedded 1,000-image sample) "
                + "or '--from DIR' with a local copy of the four MNIST files"
        case .mnistMissing(let folder, let file, let tried):
            return "\(folder): expected MNIST file \(file), found none of \(tried.joined(separator: ", "))"
        }
    }
}
