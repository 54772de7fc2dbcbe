#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Number formatting for labels, tables and SVG ticks without Foundation.
public enum NumberFormat {
    /// `x` with exactly `decimals` digits after the point (rounded half away from zero).
    public static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        let d = max(0, min(decimals, 12))
        var p: Double = 1
        for _ in 0..<d { p *= 10 }
        let m = (abs(x) * p).rounded()
        guard m < 9e18 else { return scientific(x, digits: 3) }
        let units = UInt64(m)
        let whole = units / UInt64(p), frac = units % UInt64(p)
        let sign = (x < 0 && units != 0) ? "-" : ""
        guard d > 0 else { return sign + String(whole) }
        var f = String(frac)
        while f.count < d { f = "0" + f }
        return sign + String(whole) + "." + f
    }

    /// `x` with `digits` significant digits; scientific notation for very small or large values,
    /// trailing zeros removed ("0.25", "1.5e-5", "1200").
    public static func significant(_ x: Double, digits: Int = 3) -> String {
        guard x.isFinite else { return fixed(x, decimals: 0) }
        if x == 0 { return "0" }
        let e = Int(floor(log10(abs(x))))
        if e < -4 || e >= 7 { return scientific(x, digits: digits) }
        let decimals = digits - 1 - e
        if decimals < 0 {
            let unit = pow(10, Double(-decimals))
            return fixed((x / unit).rounded() * unit, decimals: 0)
        }
        return trimZeros(fixed(x, decimals: decimals))
    }

    /// Scientific notation with `digits` significant digits ("2.5e-6").
    public static func scientific(_ x: Double, digits: Int = 3) -> String {
        guard x.isFinite, x != 0 else { return fixed(x, decimals: 0) }
        var e = Int(floor(log10(abs(x))))
        var mantissa = x / pow(10, Double(e))
        if abs(mantissa).rounded() >= 10 && digits <= 1 { mantissa /= 10; e += 1 }
        var m = trimZeros(fixed(mantissa, decimals: max(0, digits - 1)))
        if m == "10" || m == "-10" { m = x < 0 ? "-1" : "1"; e += 1 }
        let sign = e < 0 ? "-" : ""
        let ev = abs(e)
        return m + "e" + sign + String(ev)
    }

    /// A compact label: integers plain, else 3 significant digits.
    public static func short(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) < 1e7 { return String(Int(x)) }
        return significant(x, digits: 3)
    }

    /// Removes trailing zeros (and a trailing point) after a decimal point.
    static func trimZeros(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }
}
