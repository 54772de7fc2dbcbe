import Dispatch

/// Wraps a value that is safe to share across threads by construction (e.g. a pointer into disjoint
/// per-item regions); the caller takes responsibility for that.
public struct UnsafeSendable<T>: @unchecked Sendable {
    /// The wrapped value.
    public let value: T
    /// Wraps a value.
    public init(_ value: T) { self.value = value }
}

/// Runs `body(i)` for i in 0..<count on up to `threads` threads (default: all cores).
/// Each index runs exactly once; results must not depend on which thread ran it.
public func parallelFor(_ count: Int, threads: Int = processorCount(), _ body: @Sendable (Int) -> Void) {
    guard count > 0 else { return }
    let workers = max(1, min(threads, count))
    if workers == 1 {
        for i in 0..<count { body(i) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        var i = w
        while i < count {
            body(i)
            i += workers
        }
    }
}

/// Number of online processors (at least 1).
public func processorCount() -> Int {
    max(1, sysconfCount())
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

private func sysconfCount() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
