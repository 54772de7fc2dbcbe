#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// An error whose description is a complete, user-facing message; the CLI prints it and exits.
public protocol UserFacingError: Error, CustomStringConvertible {
    /// Process exit status for this error: 2 for usage mistakes, 1 for everything else.
    var exitCode: Int32 { get }
}

extension UserFacingError {
    /// Default exit status of a user-facing error.
    public var exitCode: Int32 { 1 }
}

/// A mistake on the command line (unknown option, missing or malformed value): exit status 2.
public struct UsageError: UserFacingError {
    /// The one-line explanation shown to the user.
    public let message: String
    /// Creates a usage error with a one-line message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var exitCode: Int32 { 2 }
}

/// The user asked for help; the parser carries the text to print (exit status 0).
public struct HelpRequested: Error {
    /// The help text of the command that was asked about.
    public let text: String
    /// Creates a help request carrying its text.
    public init(text: String) { self.text = text }
}

/// A failure reading, writing or finding a file, naming the path and what went wrong.
public enum FileError: UserFacingError {
    case notFound(path: String)
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case invalid(path: String, expected: String, found: String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file or directory"
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .unwritable(let path, let reason): return "\(path): cannot write: \(reason)"
        case .invalid(let path, let expected, let found): return "\(path): expected \(expected), found \(found)"
        }
    }
}

/// A generic runtime failure with a prepared message (used sparingly; prefer typed enums).
public struct RuntimeFailure: UserFacingError {
    /// The message shown to the user.
    public let message: String
    /// Creates a failure with a message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Renders any error for the user: its description if it is user-facing, else a generic line.
public func describeForUser(_ error: Error) -> String {
    if let e = error as? UserFacingError { return e.description }
    if let e = error as? CustomStringConvertible { return e.description }
    return "\(error)"
}

/// The C `errno` message for the current thread's last error.
public func errnoDescription(_ code: Int32) -> String {
    String(cString: strerror(code))
}
