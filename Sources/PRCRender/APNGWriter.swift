import CZlib
import PRCCore

/// Writes animated PNGs (APNG) chunk by chunk: libpng on Debian has no APNG support, so the chunks
/// (signature, IHDR, acTL, fcTL/IDAT, fcTL/fdAT…, IEND) are assembled here, with zlib's `compress2`
/// for the image data and zlib's `crc32` for the checksums. Frames are full-canvas and never merged.
public enum APNGWriter {
    /// The APNG bytes of `frames` (all the same size), each shown delayNumerator/delayDenominator s;
    /// `plays` 0 loops forever. Frame 0 is the IDAT image, so viewers without APNG show it.
    public static func encode(frames: [RGBImage], delayNumerator: UInt16 = 1, delayDenominator: UInt16 = 4,
                              plays: UInt32 = 0) throws -> [UInt8] {
        guard let first = frames.first else {
            throw RenderError.encodingFailed(what: "animated PNG", reason: "no frames")
        }
        guard frames.allSatisfy({ $0.width == first.width && $0.height == first.height }) else {
            throw RenderError.encodingFailed(what: "animated PNG", reason: "frames differ in size")
        }
        guard delayDenominator > 0 else {
            throw RenderError.badOption(name: "delay denominator", value: "0", expected: "1…65535")
        }
        // Compress every frame in parallel; each worker owns one slot.
        let slots = UnsafeMutableBufferPointer<[UInt8]?>.allocate(capacity: frames.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let shared = UnsafeSendable(slots)
        parallelFor(frames.count) { i in shared.value[i] = deflateFrame(frames[i]) }

        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var ihdr: [UInt8] = []
        ihdr.appendBE(UInt32(first.width)); ihdr.appendBE(UInt32(first.height))
        ihdr += [8, 2, 0, 0, 0]   // 8-bit, truecolour, deflate, adaptive filtering, no interlace
        appendChunk("IHDR", ihdr, to: &out)
        var actl: [UInt8] = []
        actl.appendBE(UInt32(frames.count)); actl.appendBE(plays)
        appendChunk("acTL", actl, to: &out)

        var sequence: UInt32 = 0
        for i in 0..<frames.count {
            guard let data = slots[i] else {
                throw RenderError.encodingFailed(what: "animated PNG frame \(i)", reason: "zlib compress2 failed")
            }
            var fctl: [UInt8] = []
            fctl.appendBE(sequence); sequence += 1
            fctl.appendBE(UInt32(first.width)); fctl.appendBE(UInt32(first.height))
            fctl.appendBE(UInt32(0)); fctl.appendBE(UInt32(0))          // x, y offset
            fctl.appendBE(delayNumerator); fctl.appendBE(delayDenominator)
            fctl += [0, 0]                                              // dispose none, blend source
            appendChunk("fcTL", fctl, to: &out)
            if i == 0 {
                appendChunk("IDAT", data, to: &out)
            } else {
                var fdat: [UInt8] = []
                fdat.reserveCapacity(data.count + 4)
                fdat.appendBE(sequence); sequence += 1
                fdat += data
                appendChunk("fdAT", fdat, to: &out)
            }
        }
        appendChunk("IEND", [], to: &out)
        return out
    }

    /// Encodes the animation and writes it atomically to `path`.
    public static func write(frames: [RGBImage], delayNumerator: UInt16 = 1, delayDenominator: UInt16 = 4,
                             plays: UInt32 = 0, to path: String) throws {
        let bytes = try encode(frames: frames, delayNumerator: delayNumerator,
                               delayDenominator: delayDenominator, plays: plays)
        try writeFileAtomically(path, bytes: bytes)
    }

    /// Appends one chunk: length, type, data, CRC-32 over type and data.
    static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out.appendBE(UInt32(data.count))
        out += typeBytes
        out += data
        var crc = crc32(0, nil, 0)
        crc = typeBytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        if !data.isEmpty {
            crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        }
        out.appendBE(UInt32(truncatingIfNeeded: crc))
    }

    /// Filters each row (None for the first, Up for the rest: nearest-neighbour upscaled rows repeat)
    /// and compresses with zlib; nil when zlib fails.
    static func deflateFrame(_ image: RGBImage) -> [UInt8]? {
        let rowBytes = image.width * 3
        let rawCount = (rowBytes + 1) * image.height
        var raw = [UInt8](repeating: 0, count: rawCount)
        raw.withUnsafeMutableBufferPointer { r in
            image.pixels.withUnsafeBufferPointer { p in
                let d = r.baseAddress!, s = p.baseAddress!
                for y in 0..<image.height {
                    let row = d + y * (rowBytes + 1)
                    let cur = s + y * rowBytes
                    if y == 0 {
                        row[0] = 0
                        (row + 1).update(from: cur, count: rowBytes)
                    } else {
                        row[0] = 2
                        let up = cur - rowBytes
                        for i in 0..<rowBytes { row[1 + i] = cur[i] &- up[i] }
                    }
                }
            }
        }
        var destLen = compressBound(uLong(rawCount))
        var out = [UInt8](repeating: 0, count: Int(destLen))
        let status = out.withUnsafeMutableBufferPointer { o in
            raw.withUnsafeBufferPointer { r in
                compress2(o.baseAddress, &destLen, r.baseAddress, uLong(rawCount), 6)
            }
        }
        guard status == Z_OK else { return nil }
        out.removeLast(out.count - Int(destLen))
        return out
    }
}

extension Array where Element == UInt8 {
    /// Appends a big-endian 32-bit integer.
    mutating func appendBE(_ v: UInt32) {
        append(UInt8(v >> 24)); append(UInt8((v >> 16) & 0xFF)); append(UInt8((v >> 8) & 0xFF)); append(UInt8(v & 0xFF))
    }
    /// Appends a big-endian 16-bit integer.
    mutating func appendBE(_ v: UInt16) {
        append(UInt8(v >> 8)); append(UInt8(v & 0xFF))
    }
}
