#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// A progress bar on stderr with rate and ETA; draws nothing when disabled (quiet or not a terminal).
public final class Progress: Sendable {
    private struct State {
        var done = 0
        var status = ""
        var lastDraw = 0.0
        var finished = false
    }
    private let label: String
    private let total: Int
    private let unit: String
    private let enabled: Bool
    private let start: Double
    private let state = Mutex(State())

    /// Creates a bar for `total` units; `quiet` or a non-terminal stderr silences it.
    public init(_ label: String, total: Int, unit: String = "it", quiet: Bool) {
        self.label = label
        self.total = max(total, 0)
        self.unit = unit
        self.enabled = !quiet && Console.stderrIsTerminal
        self.start = monotonicSeconds()
    }

    /// Seconds since the bar was created.
    public var elapsed: Double { monotonicSeconds() - start }

    /// Marks `n` more units done, with an optional status text (e.g. current losses).
    public func advance(by n: Int = 1, status: String? = nil) {
        let now = monotonicSeconds()
        let line: String? = state.withLock { s in
            s.done += n
            if let status { s.status = status }
            guard enabled, now - s.lastDraw >= 0.1 || s.done >= total else { return nil }
            s.lastDraw = now
            return render(s, now: now)
        }
        if let line { writeToDescriptor(2, "\r\u{1B}[K" + line) }
    }

    /// Ends the bar with a final line (kept on screen) unless disabled.
    public func finish(status: String? = nil) {
        let now = monotonicSeconds()
        let line: String? = state.withLock { s in
            guard !s.finished else { return nil }
            s.finished = true
            if let status { s.status = status }
            return enabled ? render(s, now: now) : nil
        }
        if let line { writeToDescriptor(2, "\r\u{1B}[K" + line + "\n") }
    }

    private func render(_ s: State, now: Double) -> String {
        let elapsed = max(now - start, 1e-9)
        let rate = Double(s.done) / elapsed
        let frac = total > 0 ? min(Double(s.done) / Double(total), 1) : 0
        let width = 24
        let filled = Int(frac * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let eta = rate > 0 && total > s.done ? formatDuration(Double(total - s.done) / rate) : "--"
        let rateText = rate >= 100 ? "\(Int(rate))" : String(format1(rate))
        var text = "\(label) \(bar) \(s.done)/\(total) \(rateText) \(unit)/s ETA \(eta)"
        if !s.status.isEmpty { text += "  " + s.status }
        return text
    }
}

/// Seconds on a monotonic clock (for durations and rates).
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// "1m05s", "12.3s" style duration text.
public func formatDuration(_ seconds: Double) -> String {
    if seconds >= 60 {
        let s = Int(seconds.rounded())
        return "\(s / 60)m\(s % 60 < 10 ? "0" : "")\(s % 60)s"
    }
    return "\(format1(seconds))s"
}

/// A number with one decimal place.
public func format1(_ x: Double) -> String {
    let r = (x * 10).rounded() / 10
    return r == r.rounded() ? "\(Int(r)).0" : "\(r)"
}
