import PRCCore

/// Reads PNG files as 8-bit gray or RGB with prc's exact conversion rules (see docs/IMPORT.md).
public enum PNGReader {
    /// Largest accepted image (pixels); bigger headers are rejected before decoding.
    public static let maxPixels = PNGLimits.maxPixels

    /// Reads any PNG (every colour type and bit depth) as an 8-bit image of 1 (gray) or 3 (RGB) channels.
    public static func read(_ path: String, channels: Int, alpha: AlphaRule = .black) throws -> Image8 {
        PixelConversion.convert(try PNGDecoder.decode(path), channels: channels, alpha: alpha)
    }

    /// Reads any PNG as 8-bit gray (alpha over black by default); returns width, height, pixels.
    public static func readGray(_ path: String, alpha: AlphaRule = .black) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        let image = try read(path, channels: 1, alpha: alpha)
        return (image.width, image.height, image.pixels)
    }
}

/// How transparent pixels become opaque: composited over black (default) or white, or alpha ignored.
public enum AlphaRule: String, Sendable, CaseIterable, Codable {
    /// value · alpha (over a black background).
    case black
    /// value · alpha + 1 · (1 − alpha) (over a white background).
    case white
    /// alpha dropped, colour kept as stored.
    case ignore
}

/// An 8-bit image: width × height × channels (1 gray or 3 RGB), row-major, channels last.
public struct Image8: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// 1 (gray) or 3 (RGB).
    public let channels: Int
    /// The samples.
    public var pixels: [UInt8]

    /// Wraps samples; their count must be width × height × channels.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * channels, "image samples do not match \(width)×\(height)×\(channels)")
        self.width = width; self.height = height; self.channels = channels; self.pixels = pixels
    }
}

/// The exact narrowing rules from 16-bit decoded samples to 8-bit gray or RGB, in integer arithmetic:
/// gray = 0.299 R + 0.587 G + 0.114 B on the 16-bit values, alpha compositing, then round(v / 257) half up.
public enum PixelConversion {
    /// Converts decoded samples to 8-bit gray (`channels` 1) or RGB (`channels` 3) with the alpha rule.
    public static func convert(_ png: DecodedPNG, channels out: Int, alpha rule: AlphaRule) -> Image8 {
        precondition(out == 1 || out == 3, "output channels must be 1 or 3")
        let h = png.header
        let n = h.width * h.height
        let inC = h.channels
        let hasColor = inC >= 3, hasAlpha = inC == 2 || inC == 4
        // Every value below is scaled by 1000 (the weights are thousandths) and by 65535 (alpha).
        let denominator: Int64 = 1000 * 257 * 65535
        let half = denominator / 2
        let background: Int64 = rule == .white ? 1000 * 65535 : 0
        var pixels = [UInt8](repeating: 0, count: n * out)
        png.samples.withUnsafeBufferPointer { srcBuf in
            pixels.withUnsafeMutableBufferPointer { dstBuf in
                let src = srcBuf.baseAddress!, dst = dstBuf.baseAddress!
                for i in 0..<n {
                    let p = src + i * inC
                    let a: Int64 = hasAlpha && rule != .ignore ? Int64(p[inC - 1]) : 65535
                    let bg = background * (65535 - a)
                    if out == 1 {
                        let s = hasColor ? 299 * Int64(p[0]) + 587 * Int64(p[1]) + 114 * Int64(p[2]) : 1000 * Int64(p[0])
                        dst[i] = UInt8((s * a + bg + half) / denominator)
                    } else {
                        for c in 0..<3 {
                            let s = 1000 * Int64(p[hasColor ? c : 0])
                            dst[i * 3 + c] = UInt8((s * a + bg + half) / denominator)
                        }
                    }
                }
            }
        }
        return Image8(width: h.width, height: h.height, channels: out, pixels: pixels)
    }

    /// Widens gray samples to RGB by repeating each value three times.
    public static func grayToRGB(_ image: Image8) -> Image8 {
        guard image.channels == 1 else { return image }
        var rgb = [UInt8](repeating: 0, count: image.pixels.count * 3)
        image.pixels.withUnsafeBufferPointer { s in
            rgb.withUnsafeMutableBufferPointer { d in
                for i in 0..<s.count { d[3 * i] = s[i]; d[3 * i + 1] = s[i]; d[3 * i + 2] = s[i] }
            }
        }
        return Image8(width: image.width, height: image.height, channels: 3, pixels: rgb)
    }
}
