#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Axis domains and tick positions: "nice" linear steps (1, 2, 5 × 10ᵏ) or powers of ten.
public struct AxisTicks: Sendable, Equatable {
    /// Lower end of the axis domain.
    public let lo: Double
    /// Upper end of the axis domain.
    public let hi: Double
    /// Tick values inside [lo, hi], ascending.
    public let ticks: [Double]

    /// A linear axis covering [lo, hi] with about `target` ticks at nice steps; the domain is widened
    /// to whole steps when `widen`, else kept and ticks fall inside. `integer` keeps steps ≥ 1.
    public static func linear(lo: Double, hi: Double, target: Int, integer: Bool, widen: Bool = true) -> AxisTicks {
        var a = lo, b = hi
        if a == b {
            let pad = a == 0 ? 1 : abs(a) * 0.1
            a -= pad; b += pad
            if integer { a = a.rounded(.down); b = b.rounded(.up) }
        }
        var step = niceStep((b - a) / Double(max(1, target - 1)))
        if integer { step = max(1, step.rounded()) }
        let eps = step * 1e-9
        let start = widen ? (a / step).rounded(.down) * step : ((a - eps) / step).rounded(.up) * step
        let end = widen ? (b / step).rounded(.up) * step : b
        var ticks: [Double] = []
        var k = 0
        while true {
            let t = start + Double(k) * step
            if t > end + eps || k > 1000 { break }
            ticks.append(abs(t) < eps ? 0 : t)
            k += 1
        }
        let pad = widen ? 0 : (b - a) * 0.02   // unwidened axes keep end markers off the frame
        return AxisTicks(lo: widen ? start : a - pad, hi: widen ? end : b + pad, ticks: ticks)
    }

    /// A log axis from the power of ten below lo to the one above hi (lo, hi > 0); ticks at powers
    /// of ten, plus 2× and 5× when the axis spans fewer than three decades; at most ~10 labelled decades.
    public static func log(lo: Double, hi: Double) -> AxisTicks {
        let a = floor(log10(lo)), b0 = ceil(log10(hi))
        let b = b0 > a ? b0 : a + 1
        let decades = Int(b - a)
        let every = max(1, (decades + 9) / 10)
        var ticks: [Double] = []
        var e = Int(a)
        while e <= Int(b) {
            let p = pow(10, Double(e))
            ticks.append(p)
            if decades < 3 && e < Int(b) { ticks.append(2 * p); ticks.append(5 * p) }
            e += every
        }
        return AxisTicks(lo: pow(10, a), hi: pow(10, b), ticks: ticks)
    }

    /// The nice number (1, 2, 2.5 or 5 × 10ᵏ) nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let p = pow(10, floor(log10(raw)))
        let m = raw / p
        let nice: Double = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10
        return nice * p
    }

    /// A tick label: plain decimals, or 1e-5 style for powers of ten far from 1.
    public static func label(_ v: Double, log: Bool) -> String {
        if v == 0 { return "0" }
        if log, abs(v) < 1e-4 || abs(v) >= 1e5 { return NumberFormat.scientific(v, digits: 1) }
        return NumberFormat.significant(v, digits: 4)
    }
}
