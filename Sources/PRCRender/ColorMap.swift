/// A perceptual colour map: a 256-entry table interpolated from a few control points.
public struct ColorMap: Sendable, Equatable {
    /// Name shown in legends ("magma", "viridis").
    public let name: String
    /// The 256 colours, index 0 for value 0 and 255 for value 1.
    public let table: [RGB]

    /// Builds a map by linear interpolation between equally spaced control points (at least two).
    public init(name: String, controlPoints: [RGB]) {
        precondition(controlPoints.count >= 2, "a colour map needs at least two control points")
        self.name = name
        let segments = Double(controlPoints.count - 1)
        table = (0..<256).map { i in
            let pos = Double(i) / 255.0 * segments
            let k = min(Int(pos), controlPoints.count - 2)
            let f = pos - Double(k)
            let a = controlPoints[k], b = controlPoints[k + 1]
            func mix(_ u: UInt8, _ v: UInt8) -> UInt8 {
                UInt8((Double(u) + (Double(v) - Double(u)) * f).rounded())
            }
            return RGB(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b))
        }
    }

    /// The colour of a value in [0, 1] (clamped; NaN maps to 0).
    @inline(__always)
    public func color(_ v: Float) -> RGB {
        guard v > 0 else { return table[0] }
        guard v < 1 else { return table[255] }
        return table[Int((v * 255).rounded())]
    }

    /// The colour of a level 0…255.
    @inline(__always)
    public func color(level: UInt8) -> RGB { table[Int(level)] }

    /// Matplotlib's magma (black → purple → orange → pale yellow), 9 control points; used for errors.
    public static let magma = ColorMap(name: "magma", controlPoints: [
        RGB(0, 0, 4), RGB(28, 16, 68), RGB(79, 18, 123), RGB(129, 37, 129), RGB(181, 54, 122),
        RGB(229, 80, 100), RGB(251, 135, 97), RGB(254, 194, 135), RGB(252, 253, 191),
    ])

    /// Matplotlib's viridis (purple → teal → yellow), 9 control points; used for hidden codes.
    public static let viridis = ColorMap(name: "viridis", controlPoints: [
        RGB(68, 1, 84), RGB(71, 44, 122), RGB(59, 82, 139), RGB(44, 113, 142), RGB(33, 145, 140),
        RGB(39, 173, 129), RGB(92, 200, 99), RGB(170, 220, 50), RGB(253, 231, 37),
    ])

    /// A horizontal colour bar `width`×`height` pixels, value 0 on the left and 1 on the right.
    public func bar(width: Int, height: Int) -> RGBImage {
        var img = RGBImage(width: width, height: height)
        for x in 0..<width {
            let c = color(Float(x) / Float(max(1, width - 1)))
            img.fillRect(x: x, y: 0, width: 1, height: height, c)
        }
        return img
    }
}

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
