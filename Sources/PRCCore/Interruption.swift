#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Dispatch
import Synchronization

/// The signal number of a pending SIGINT/SIGTERM (0: none). Set only by `interruptHandler`.
private let pendingSignal = Atomic<Int32>(0)

/// The signal handler: records the signal and does nothing else (no I/O, no allocation). A second
/// signal while one is pending restores the default action and re-raises it, so Ctrl-C twice always stops.
private func interruptHandler(_ signal: Int32) {
    if pendingSignal.exchange(signal, ordering: .sequentiallyConsistent) != 0 {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigaction(signal, &action, nil)
        raise(signal)
    }
}

/// SIGINT/SIGTERM as a flag that long jobs check between units of work (e.g. training epochs), so they
/// can save the last finished unit and stop cleanly instead of dying mid-write.
public enum Interruption {
    /// The actions in place before `install()`, restored by `uninstall()` (touched only by those two calls).
    nonisolated(unsafe) private static var previous: (int: sigaction, term: sigaction)? = nil

    /// Installs the recording handler for SIGINT and SIGTERM on the calling thread's process (idempotent),
    /// unblocks both signals for the calling thread and clears any pending signal.
    public static func install() {
        pendingSignal.store(0, ordering: .sequentiallyConsistent)  // initialises the global before any handler runs
        var action = sigaction()
        action.__sigaction_handler.sa_handler = interruptHandler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        var oldInt = sigaction(), oldTerm = sigaction()
        sigaction(SIGINT, &action, &oldInt)
        sigaction(SIGTERM, &action, &oldTerm)
        if previous == nil { previous = (oldInt, oldTerm) }
        // A parent may have started us with these signals blocked (the mask is inherited): unblock them here.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Restores the actions SIGINT and SIGTERM had before `install()`.
    public static func uninstall() {
        guard var old = previous else { return }
        sigaction(SIGINT, &old.int, nil)
        sigaction(SIGTERM, &old.term, nil)
        previous = nil
    }

    /// The pending signal (SIGINT or SIGTERM), or nil when none arrived since `install()`.
    public static var pending: Int32? {
        let s = pendingSignal.load(ordering: .sequentiallyConsistent)
        return s == 0 ? nil : s
    }

    /// "SIGINT", "SIGTERM" or "signal N".
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(signal)"
        }
    }
}

/// A job stopped early because of SIGINT/SIGTERM after saving its state; exits 128 + signal (130 / 143).
public struct InterruptedError: UserFacingError {
    /// The signal received.
    public let signal: Int32
    /// What was saved and how to continue.
    public let message: String
    /// Creates the error.
    public init(signal: Int32, message: String) { self.signal = signal; self.message = message }
    public var description: String { message }
    public var exitCode: Int32 { 128 + signal }
}

/// Tells the user, soon after the first SIGINT/SIGTERM, that the job is finishing its current unit of work:
/// a watcher thread polls `Interruption.pending` (the handler itself does no I/O) until `stop()`.
public final class InterruptNotice: Sendable {
    private let running = Atomic<Bool>(true)

    /// Starts watching; `message` is printed once to stderr when a signal is pending.
    public init(_ message: String) {
        DispatchQueue.global().async { [self] in
            while running.load(ordering: .relaxed) {
                if let s = Interruption.pending {
                    Console.err("\(Interruption.name(s)): \(message)")
                    return
                }
                usleep(100_000)
            }
        }
    }

    /// Stops watching (no message after this returns, unless one was already printed).
    public func stop() { running.store(false, ordering: .relaxed) }
}
