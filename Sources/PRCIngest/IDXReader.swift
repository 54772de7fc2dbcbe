import PRCCore

/// The six IDX element types (byte 2 of the header).
public enum IDXElementType: UInt8, Sendable, CaseIterable {
    case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .uint8, .int8: return 1
        case .int16: return 2
        case .int32, .float32: return 4
        case .float64: return 8
        }
    }

    /// A short numpy-style name ("uint8", "int32", …).
    public var name: String {
        switch self {
        case .uint8: return "uint8"
        case .int8: return "int8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }
}

/// A decoded IDX file: element type, shape and the whole uncompressed file (header + big-endian data).
public struct IDXFile: Sendable {
    /// Element type.
    public let type: IDXElementType
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// The uncompressed file bytes: header followed by the data in C order, big-endian.
    public let bytes: [UInt8]
    /// Length of the header (4 + 4 × rank).
    public var headerSize: Int { 4 + 4 * shape.count }
    /// Number of elements.
    public var elementCount: Int { shape.reduce(1, *) }

    /// Runs `body` over the data bytes (after the header).
    public func withData<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[headerSize...])) }
    }

    /// SHA-256 of the uncompressed file (the payload hash of data.md).
    public var payloadSHA256: String { SHA256Hasher.hex(bytes) }

    /// Every element converted to Double (exact for all six types), decoded big-endian.
    public func values() -> [Double] {
        withData { raw in
            var out = [Double](repeating: 0, count: elementCount)
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<elementCount { dst[i] = IDX.decodeElement(type, raw, at: i * type.size) }
            }
            return out
        }
    }
}

/// IDX reading and writing (the MNIST container), big-endian on every host, gzip detected by magic.
public enum IDX {
    /// Largest uncompressed IDX file accepted from gzip (4 GiB; MNIST's largest is 47 MB). A raw file is never
    /// allocated by its header (the header must match the file's size); a gzipped one is checked against this
    /// and against deflate's 1032:1 ratio before its buffer is allocated.
    public static let maxUncompressedBytes = 1 << 32

    /// Reads an IDX file, raw or gzipped (decided by the first two bytes, never by the name).
    public static func read(_ path: String) throws -> IDXFile {
        let raw = try readWholeFile(path)
        return try decode(raw, path: path)
    }

    /// Decodes IDX bytes (raw or gzip); `path` names the source in errors.
    /// The length promised by the header is checked before any allocation of that size.
    public static func decode(_ raw: [UInt8], path: String) throws -> IDXFile {
        if Gzip.isGzip(raw) { return try decodeGzip(raw, path: path) }
        try checkNotHTML(raw, path: path)
        let (type, shape, header) = try parseHeader(raw, path: path)
        let expected = try expectedSize(type: type, shape: shape, header: header, path: path)
        guard raw.count == expected else {
            throw IngestError.sizeMismatch(path: path, what: "IDX \(type.name) \(shapeText(shape)) needs header + data",
                                           expected: expected, found: raw.count)
        }
        return IDXFile(type: type, shape: shape, bytes: raw)
    }

    private static func decodeGzip(_ raw: [UInt8], path: String) throws -> IDXFile {
        let reader = try GzipReader(compressed: raw, path: path)
        var head = [UInt8](repeating: 0, count: 4)
        try head.withUnsafeMutableBytes { try reader.readExactly(into: $0, what: "IDX header inside gzip") }
        try checkNotHTML(head, path: path)
        guard head[0] == 0, head[1] == 0 else { throw badMagic(head, path: path) }
        let rank = Int(head[3])
        var dims = [UInt8](repeating: 0, count: 4 * rank)
        if rank > 0 {
            try dims.withUnsafeMutableBytes { try reader.readExactly(into: $0, what: "IDX dimensions inside gzip") }
        }
        let header = head + dims
        let (type, shape, headerSize) = try parseHeader(header, path: path)
        let expected = try expectedSize(type: type, shape: shape, header: headerSize, path: path)
        // Before allocating: deflate cannot expand more than 1032:1, so a header promising more than that
        // (a small file claiming billions of images) is rejected without allocating anything of its size.
        guard expected <= maxUncompressedBytes else {
            throw IngestError.badFormat(path: path, expected: "at most \(maxUncompressedBytes) uncompressed bytes (IDX limit)",
                                        found: "a header promising \(expected) bytes for \(type.name) \(shapeText(shape))")
        }
        guard expected / 1032 <= raw.count else {
            throw IngestError.sizeMismatch(path: path, what: "IDX \(type.name) \(shapeText(shape)) cannot fit in this gzip (uncompressed)",
                                           expected: expected, found: raw.count * 1032)
        }
        var bytes = [UInt8](repeating: 0, count: expected)
        for i in 0..<headerSize { bytes[i] = header[i] }
        let got = try bytes.withUnsafeMutableBytes { try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[headerSize...])) }
        guard got == expected - headerSize else {
            throw IngestError.sizeMismatch(path: path, what: "IDX \(type.name) \(shapeText(shape)) (uncompressed)",
                                           expected: expected, found: headerSize + got)
        }
        guard try reader.atEnd() else {
            throw IngestError.badFormat(path: path, expected: "\(expected) uncompressed bytes for \(shapeText(shape))",
                                        found: "more data after them")
        }
        return IDXFile(type: type, shape: shape, bytes: bytes)
    }

    /// Rejects bytes that look like an HTML page.
    static func checkNotHTML(_ bytes: [UInt8], path: String) throws {
        if let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "<") {
            throw IngestError.htmlPage(path: path, expected: "IDX data (bytes 00 00 type rank)")
        }
    }

    private static func badMagic(_ head: [UInt8], path: String) -> IngestError {
        let hex = head.prefix(4).map { String($0, radix: 16).leftPadded(2) }.joined(separator: " ")
        return .badFormat(path: path, expected: "an IDX header (00 00 type rank) or gzip (1f 8b)", found: "bytes \(hex)")
    }

    private static func parseHeader(_ bytes: [UInt8], path: String) throws -> (IDXElementType, [Int], Int) {
        guard bytes.count >= 4 else {
            throw IngestError.sizeMismatch(path: path, what: "IDX header", expected: 4, found: bytes.count)
        }
        guard bytes[0] == 0, bytes[1] == 0 else { throw badMagic(bytes, path: path) }
        guard let type = IDXElementType(rawValue: bytes[2]) else {
            throw IngestError.badFormat(path: path, expected: "IDX element type 08, 09, 0b, 0c, 0d or 0e",
                                        found: "type 0x\(String(bytes[2], radix: 16).leftPadded(2))")
        }
        let rank = Int(bytes[3])
        let header = 4 + 4 * rank
        guard bytes.count >= header else {
            throw IngestError.sizeMismatch(path: path, what: "IDX header with \(rank) dimensions", expected: header, found: bytes.count)
        }
        var shape: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            shape.append(Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
        }
        return (type, shape, header)
    }

    private static func expectedSize(type: IDXElementType, shape: [Int], header: Int, path: String) throws -> Int {
        guard let n = checkedProduct(shape + [type.size]), n <= Int.max - header else {
            throw IngestError.badFormat(path: path, expected: "a header whose sizes fit in memory", found: "dimensions \(shapeText(shape))")
        }
        return header + n
    }

    /// Decodes element `offset` (byte offset) of big-endian data as Double.
    @inline(__always)
    static func decodeElement(_ type: IDXElementType, _ raw: UnsafeRawBufferPointer, at o: Int) -> Double {
        func be(_ n: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<n { v = v << 8 | UInt64(raw[o + k]) }
            return v
        }
        switch type {
        case .uint8: return Double(raw[o])
        case .int8: return Double(Int8(bitPattern: raw[o]))
        case .int16: return Double(Int16(bitPattern: UInt16(be(2))))
        case .int32: return Double(Int32(bitPattern: UInt32(be(4))))
        case .float32: return Double(Float(bitPattern: UInt32(be(4))))
        case .float64: return Double(bitPattern: be(8))
        }
    }
}

/// "(2, 28, 28)" style shape text.
public func shapeText(_ shape: [Int]) -> String {
    "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
}

extension String {
    /// Pads with zeros on the left to `width` characters.
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
