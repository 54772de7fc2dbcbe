import CZlib
import PRCCore

/// gzip helpers over zlib: magic detection, streaming decompression, compression.
public enum Gzip {
    /// True when `bytes` start with the gzip magic 1F 8B (decided by content, never by name).
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Decompresses a whole gzip buffer (all members), refusing output larger than `limit` bytes.
    public static func decompress(_ bytes: [UInt8], path: String, limit: Int = 1 << 32) throws -> [UInt8] {
        let reader = try GzipReader(compressed: bytes, path: path)
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            guard out.count + n <= limit else {
                throw IngestError.badFormat(path: path, expected: "at most \(limit) uncompressed bytes", found: "more")
            }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// Compresses `bytes` into a single gzip member (level 0–9).
    public static func compress(_ bytes: [UInt8], level: Int32 = 9) throws -> [UInt8] {
        var stream = z_stream()
        let rc = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY,
                               zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw RuntimeFailure("zlib deflateInit failed (\(rc))") }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(bytes.count))) + 64
        var out = [UInt8](repeating: 0, count: bound)
        var status: Int32 = Z_OK
        var produced = 0
        bytes.withUnsafeBytes { inp in
            out.withUnsafeMutableBytes { outp in
                let empty: UInt8 = 0
                withUnsafePointer(to: empty) { emptyPtr in
                    let src = inp.baseAddress?.assumingMemoryBound(to: Bytef.self) ?? emptyPtr
                    stream.next_in = UnsafeMutablePointer(mutating: src)
                    stream.avail_in = UInt32(inp.count)
                    stream.next_out = outp.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = UInt32(outp.count)
                    status = deflate(&stream, Z_FINISH)
                    produced = outp.count - Int(stream.avail_out)
                }
            }
        }
        guard status == Z_STREAM_END else { throw RuntimeFailure("zlib deflate failed (\(status))") }
        out.removeLast(out.count - produced)
        return out
    }
}

/// Decompresses a gzip buffer incrementally (multi-member), so callers can read a header first
/// and decide how much to allocate before inflating the rest.
public final class GzipReader {
    private var stream = z_stream()
    private let input: [UInt8]
    private let path: String
    private var offset = 0
    private var finished = false

    /// Prepares to inflate `compressed`; `path` names the source in error messages.
    public init(compressed: [UInt8], path: String) throws {
        input = compressed
        self.path = path
        let rc = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw IngestError.corruptGzip(path: path, reason: "zlib could not start (\(rc))") }
    }

    deinit { inflateEnd(&stream) }

    /// Fills `buffer` as far as the stream allows; returns the byte count (0 at the end).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var produced = 0
        guard let outBase = buffer.baseAddress else { return 0 }
        while produced < buffer.count && !finished {
            var rc: Int32 = Z_OK
            var inputLeft = 0
            input.withUnsafeBytes { inp in
                guard let inBase = inp.baseAddress else { return }
                let availIn = min(inp.count - offset, Int(UInt32.max))
                let availOut = min(buffer.count - produced, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: inBase.assumingMemoryBound(to: Bytef.self) + offset)
                stream.avail_in = UInt32(availIn)
                stream.next_out = (outBase + produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(availOut)
                rc = inflate(&stream, Z_NO_FLUSH)
                offset += availIn - Int(stream.avail_in)
                produced += availOut - Int(stream.avail_out)
                inputLeft = Int(stream.avail_in)
            }
            switch rc {
            case Z_STREAM_END:
                // Another member may follow (concatenated gzip); trailing zero padding is ignored.
                if offset + 1 < input.count && input[offset] == 0x1F && input[offset + 1] == 0x8B {
                    inflateReset(&stream)
                } else {
                    finished = true
                }
            case Z_OK:
                if inputLeft == 0 && offset >= input.count && produced < buffer.count {
                    throw IngestError.corruptGzip(path: path, reason: "the stream cut short after \(input.count) compressed bytes")
                }
            case Z_BUF_ERROR:
                if offset >= input.count {
                    throw IngestError.corruptGzip(path: path, reason: "the stream cut short after \(input.count) compressed bytes")
                }
            default:
                let msg = stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                throw IngestError.corruptGzip(path: path, reason: "damaged data (\(msg))")
            }
        }
        return produced
    }

    /// Reads exactly `buffer.count` bytes or throws naming how many were available.
    public func readExactly(into buffer: UnsafeMutableRawBufferPointer, what: String) throws {
        let n = try read(into: buffer)
        guard n == buffer.count else {
            throw IngestError.sizeMismatch(path: path, what: what, expected: buffer.count, found: n)
        }
    }

    /// True when no decompressed bytes remain.
    public func atEnd() throws -> Bool {
        var probe: UInt8 = 0
        let n = try withUnsafeMutableBytes(of: &probe) { try read(into: $0) }
        return n == 0
    }
}
