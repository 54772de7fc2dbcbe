/// Maps Float values to 8-bit levels through a `ValueRange`, counting values clipped by a fixed range.
public struct ValueMapper: Sendable {
    /// The mapping rule.
    public let range: ValueRange

    /// Creates a mapper; a fixed range needs finite lo < hi.
    public init(_ range: ValueRange) throws {
        if case .fixed(let lo, let hi) = range {
            guard lo.isFinite, hi.isFinite, lo < hi else {
                throw RenderError.badOption(name: "--range", value: "\(lo):\(hi)", expected: "finite LO:HI with LO < HI")
            }
        }
        self.range = range
    }

    /// The (lo, hi) used for `values`: the fixed range, or their own finite min/max when normalizing.
    public func bounds(_ values: UnsafeBufferPointer<Float>) -> (lo: Float, hi: Float) {
        switch range {
        case .fixed(let lo, let hi): return (lo, hi)
        case .normalize:
            var lo = Float.infinity, hi = -Float.infinity
            for v in values where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
            return lo <= hi ? (lo, hi) : (0, 1)
        }
    }

    /// Writes round(255·(v−lo)/(hi−lo)) clipped to 0…255 for each value; returns how many were clipped
    /// (outside [lo, hi] or not finite). A constant image under `.normalize` maps to 0.
    public func map(_ values: UnsafeBufferPointer<Float>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let (lo, hi) = bounds(values)
        let span = hi - lo
        let k: Float = span > 0 ? 255 / span : 0
        var clipped = 0
        for i in 0..<values.count {
            let v = values[i]
            if !(v >= lo) { out[i] = 0; clipped += 1; continue }   // below, or NaN
            if v > hi { out[i] = 255; clipped += 1; continue }
            let level = ((v - lo) * k).rounded()
            out[i] = UInt8(min(255, max(0, level)))
        }
        return clipped
    }

    /// Maps an array of values; returns the levels and the clipped count.
    public func map(_ values: [Float]) -> (levels: [UInt8], clipped: Int) {
        var out = [UInt8](repeating: 0, count: values.count)
        let clipped = values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in map(v, into: o.baseAddress!) }
        }
        return (out, clipped)
    }

    /// Maps 8-bit true frame bytes (0…255 ↦ 0…1) through the same rule; returns the clipped count.
    public func map(bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        if case .fixed(let lo, let hi) = range, lo == 0, hi == 1 {
            out.update(from: bytes.baseAddress!, count: bytes.count)
            return 0
        }
        let floats = bytes.map { Float($0) / 255 }
        return floats.withUnsafeBufferPointer { map($0, into: out) }
    }
}
