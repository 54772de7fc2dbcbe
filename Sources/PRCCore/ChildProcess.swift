#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What a finished child process cost: wall time and its peak resident memory (from wait4's rusage).
public struct ChildUsage: Sendable, Equatable {
    /// Exit status (128 + signal number when killed by a signal).
    public let status: Int32
    /// Wall-clock seconds from spawn to exit.
    public let seconds: Double
    /// Peak resident set size of the child in bytes (ru_maxrss).
    public let peakRSSBytes: Int
}

/// A child process that could not be started.
public struct SpawnError: UserFacingError, Equatable {
    /// The program that failed to start.
    public let program: String
    /// The errno of posix_spawn.
    public let code: Int32
    /// The user-facing message.
    public var description: String { "could not start \(program): \(String(cString: strerror(code)))" }
}

/// Runs `program` with `arguments` (stdout/stderr inherited unless `silent`), waits with wait4 and
/// returns its wall time and peak RSS: the honest peak of that work alone, not of this process.
public func runChildMeasured(_ program: String, _ arguments: [String], silent: Bool = false) throws -> ChildUsage {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if silent {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    }
    let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    let start = monotonicSeconds()
    let rc = posix_spawn(&pid, program, &actions, nil, argv, environ)
    guard rc == 0 else { throw SpawnError(program: program, code: rc) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw SpawnError(program: program, code: errno) }
    }
    let seconds = monotonicSeconds() - start
    let signal = status & 0x7f
    let exit = signal == 0 ? (status >> 8) & 0xff : 128 + signal
    return ChildUsage(status: exit, seconds: seconds, peakRSSBytes: Int(usage.ru_maxrss) * 1024)
}

/// The absolute path of the running executable (/proc/self/exe), or nil when unavailable.
public func currentExecutablePath() -> String? {
    var buf = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buf, buf.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
