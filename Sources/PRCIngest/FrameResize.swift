import PRCCore

/// Resizes 8-bit frames separably, axis by axis: an area average when an axis shrinks (each output
/// pixel is the coverage-weighted mean of the input pixels under it), bilinear interpolation with
/// pixel centres at i + 0.5 (clamped at the edges) when it grows; rounded half up once at the end.
public enum FrameResize {
    /// The rule text recorded in manifests.
    public static let ruleDescription = "per axis: area average when shrinking, bilinear (pixel centres, edges clamped) when enlarging; rounded half up"

    /// One output sample's sources along an axis: input indices and weights summing to 1.
    struct Tap { var index: Int; var weight: Double }

    /// The taps of every output index when an axis of `input` samples becomes `output` samples.
    static func taps(input: Int, output: Int) -> [[Tap]] {
        if input == output { return (0..<input).map { [Tap(index: $0, weight: 1)] } }
        if output < input {
            let scale = Double(input) / Double(output)
            return (0..<output).map { o in
                let lo = Double(o) * scale, hi = Double(o + 1) * scale
                var taps: [Tap] = []
                var i = Int(lo)
                while i < input, Double(i) < hi {
                    let cover = min(hi, Double(i + 1)) - max(lo, Double(i))
                    if cover > 1e-12 { taps.append(Tap(index: i, weight: cover / scale)) }
                    i += 1
                }
                return taps
            }
        }
        let scale = Double(input) / Double(output)
        return (0..<output).map { o in
            let x = min(max((Double(o) + 0.5) * scale - 0.5, 0), Double(input - 1))
            let i0 = Int(x), f = x - Double(i0)
            if f == 0 || i0 + 1 >= input { return [Tap(index: i0, weight: 1)] }
            return [Tap(index: i0, weight: 1 - f), Tap(index: i0 + 1, weight: f)]
        }
    }

    /// `image` resized to width × height (returned unchanged when it already has that size).
    public static func resize(_ image: Image8, width: Int, height: Int) -> Image8 {
        if image.width == width && image.height == height { return image }
        let c = image.channels
        let xt = taps(input: image.width, output: width), yt = taps(input: image.height, output: height)
        // Horizontal pass into doubles (image.height × width × c), then vertical pass and rounding.
        var mid = [Double](repeating: 0, count: image.height * width * c)
        image.pixels.withUnsafeBufferPointer { srcBuf in
            mid.withUnsafeMutableBufferPointer { midBuf in
                let src = srcBuf.baseAddress!, m = midBuf.baseAddress!
                for y in 0..<image.height {
                    let row = src + y * image.width * c, out = m + y * width * c
                    for x in 0..<width {
                        for tap in xt[x] {
                            for k in 0..<c { out[x * c + k] += tap.weight * Double(row[tap.index * c + k]) }
                        }
                    }
                }
            }
        }
        var pixels = [UInt8](repeating: 0, count: height * width * c)
        mid.withUnsafeBufferPointer { midBuf in
            pixels.withUnsafeMutableBufferPointer { dstBuf in
                let m = midBuf.baseAddress!, dst = dstBuf.baseAddress!
                let rowLen = width * c
                for y in 0..<height {
                    let out = dst + y * rowLen
                    for i in 0..<rowLen {
                        var v = 0.0
                        for tap in yt[y] { v += tap.weight * m[tap.index * rowLen + i] }
                        // 1e-9 absorbs binary rounding of weights such as 1/3 so exact halves round up.
                        out[i] = UInt8(min(max((v + 0.5 + 1e-9).rounded(.down), 0), 255))
                    }
                }
            }
        }
        return Image8(width: width, height: height, channels: c, pixels: pixels)
    }
}
