import PNGShim
import PRCCore

/// What a PNG header says: size, stored colour type and bit depth, interlace, tRNS.
public struct PNGHeader: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Stored bits per sample: 1, 2, 4, 8 or 16.
    public let bitDepth: Int
    /// Stored colour type: "gray", "gray+alpha", "RGB", "RGBA" or "palette".
    public let colorType: String
    /// True for Adam7-interlaced files.
    public let interlaced: Bool
    /// True when a tRNS chunk gives transparency.
    public let hasTRNS: Bool
    /// Samples per pixel after decoding: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
    public let channels: Int

    /// A short description such as "palette 4-bit+tRNS" (recorded in import manifests).
    public var summary: String { "\(colorType) \(bitDepth)-bit" + (hasTRNS ? "+tRNS" : "") + (interlaced ? " interlaced" : "") }
}

/// Decoded PNG samples: every sample widened to 16 bits (8-bit v becomes v·257), palette and tRNS expanded.
public struct DecodedPNG: Sendable {
    /// The header it was decoded from.
    public let header: PNGHeader
    /// width × height × header.channels samples, row-major, channels last.
    public let samples: [UInt16]
}

/// Reads PNG files through libpng's classic API (via the PNGShim C target, which owns the setjmp).
public enum PNGDecoder {
    /// Reads only the header of `path`, rejecting sizes above `PNGLimits` (nothing is decoded).
    public static func readHeader(_ path: String) throws -> PNGHeader {
        let reader = try open(path)
        prc_png_close(reader.handle)
        return reader.header
    }

    /// Decodes every pixel of `path` to 16-bit samples; errors name the file, never crash.
    public static func decode(_ path: String) throws -> DecodedPNG {
        let reader = try open(path)
        defer { prc_png_close(reader.handle) }
        let h = reader.header
        let count = h.width * h.height * h.channels
        var err = [CChar](repeating: 0, count: 256)
        var status: Int32 = 0
        let samples = [UInt16](unsafeUninitializedCapacity: count) { buf, initialized in
            status = prc_png_decode(reader.handle, buf.baseAddress, count, &err, err.count)
            initialized = status == Int32(PRC_PNG_OK) ? count : 0
        }
        guard status == Int32(PRC_PNG_OK) else {
            throw ImportError.corruptPNG(path: path, reason: text(err))
        }
        return DecodedPNG(header: h, samples: samples)
    }

    private static func open(_ path: String) throws -> (handle: OpaquePointer, header: PNGHeader) {
        var raw = prc_png_header()
        var status: Int32 = 0
        var err = [CChar](repeating: 0, count: 256)
        guard let handle = prc_png_open(path, UInt64(PNGLimits.maxSide), UInt64(PNGLimits.maxPixels), &raw, &status, &err, err.count) else {
            if status == Int32(PRC_PNG_TOO_LARGE) {
                throw ImportError.imageTooLarge(path: path, width: Int(raw.width), height: Int(raw.height))
            }
            if status == Int32(PRC_PNG_IO_ERROR) {
                if !fileExists(path) { throw FileError.notFound(path: path) }
                throw FileError.unreadable(path: path, reason: text(err))
            }
            throw ImportError.corruptPNG(path: path, reason: text(err))
        }
        let w = Int(raw.width), h = Int(raw.height)
        // libpng has validated IHDR; the limits are checked again in case IHDR was not the first chunk read.
        guard w >= 1, h >= 1, w <= PNGLimits.maxSide, h <= PNGLimits.maxSide, w * h <= PNGLimits.maxPixels else {
            prc_png_close(handle)
            throw ImportError.imageTooLarge(path: path, width: w, height: h)
        }
        let header = PNGHeader(width: w, height: h, bitDepth: Int(raw.bit_depth), colorType: colorName(raw.color_type),
                               interlaced: raw.interlaced != 0, hasTRNS: raw.has_trns != 0, channels: Int(raw.channels))
        return (handle, header)
    }

    private static func colorName(_ type: Int32) -> String {
        switch type {
        case 0: return "gray"
        case 2: return "RGB"
        case 3: return "palette"
        case 4: return "gray+alpha"
        case 6: return "RGBA"
        default: return "type \(type)"
        }
    }

    private static func text(_ buffer: [CChar]) -> String {
        let s = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return s.isEmpty ? "unreadable data" : s
    }
}
