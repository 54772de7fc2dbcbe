import CPNG
import PRCCore

/// Reads PNG files through libpng's simplified `png_image` API.
public enum PNGReader {
    /// Largest accepted image (pixels); bigger headers are rejected before decoding.
    public static let maxPixels = 1 << 28

    /// Reads any PNG as 8-bit gray (libpng simplified API `png_image` is fine for now), returns width, height, pixels.
    public static func readGray(_ path: String) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        guard fileExists(path) else { throw FileError.notFound(path: path) }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_file(&image, path) != 0 else {
            let msg = message(of: image)
            png_image_free(&image)
            throw IngestError.badFormat(path: path, expected: "a PNG image", found: msg)
        }
        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0, let n = checkedProduct([width, height]), n <= maxPixels else {
            png_image_free(&image)
            throw IngestError.badFormat(path: path, expected: "at most \(maxPixels) pixels", found: "\(width)×\(height)")
        }
        image.format = png_uint_32(PNG_FORMAT_GRAY)
        var pixels = [UInt8](repeating: 0, count: n)
        let ok = pixels.withUnsafeMutableBytes { buf in
            png_image_finish_read(&image, nil, buf.baseAddress, png_int_32(width), nil)
        }
        guard ok != 0 else {
            let msg = message(of: image)
            png_image_free(&image)
            throw IngestError.badFormat(path: path, expected: "a decodable PNG image", found: msg)
        }
        png_image_free(&image)
        return (width, height, pixels)
    }

    private static func message(of image: png_image) -> String {
        withUnsafeBytes(of: image.message) { raw in
            let bytes = raw.prefix { $0 != 0 }
            let text = String(decoding: bytes, as: UTF8.self)
            return text.isEmpty ? "unreadable data" : text
        }
    }
}
