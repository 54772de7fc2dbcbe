import CPNG
import PRCCore

/// Encodes an `RGBImage` as an 8-bit RGB PNG with libpng's simplified write API.
public enum PNGWriter {
    /// The PNG file bytes of `image`.
    public static func encode(_ image: RGBImage) throws -> [UInt8] {
        var png = png_image()
        png.version = png_uint_32(PNG_IMAGE_VERSION)
        png.width = png_uint_32(image.width)
        png.height = png_uint_32(image.height)
        png.format = png_uint_32(PNG_FORMAT_FLAG_COLOR)   // PNG_FORMAT_RGB: 8-bit R, G, B
        png.flags = png_uint_32(PNG_IMAGE_FLAG_FAST)      // no filters, zlib level 3: ~5× faster
        let stride = png_int_32(image.width * 3)
        defer { png_image_free(&png) }

        // First pass asks for the size, second pass writes into a buffer of that size.
        var size: png_alloc_size_t = 0
        let sized = image.pixels.withUnsafeBytes { px in
            png_image_write_to_memory(&png, nil, &size, 0, px.baseAddress, stride, nil)
        }
        guard sized != 0, size > 0 else { throw failure(png) }
        var out = [UInt8](repeating: 0, count: Int(size))
        let wrote = out.withUnsafeMutableBytes { buf in
            image.pixels.withUnsafeBytes { px in
                png_image_write_to_memory(&png, buf.baseAddress, &size, 0, px.baseAddress, stride, nil)
            }
        }
        guard wrote != 0 else { throw failure(png) }
        if Int(size) < out.count { out.removeLast(out.count - Int(size)) }
        return out
    }

    /// Encodes `image` and writes it atomically to `path`.
    public static func write(_ image: RGBImage, to path: String) throws {
        try writeFileAtomically(path, bytes: try encode(image))
    }

    private static func failure(_ png: png_image) -> RenderError {
        var msg = png.message
        let text = withUnsafeBytes(of: &msg) { raw -> String in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        return .encodingFailed(what: "PNG \(png.width)×\(png.height)", reason: text.isEmpty ? "libpng failed" : text)
    }
}
