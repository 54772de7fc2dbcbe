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
