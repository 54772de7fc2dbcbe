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
