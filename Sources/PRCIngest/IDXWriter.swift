import PRCCore

extension IDX {
    /// The IDX bytes (header + big-endian data) for `values` converted to `type` (integers truncate toward zero, clamped).
    public static func encode(type: IDXElementType, shape: [Int], values: [Double]) throws -> [UInt8] {
        guard let count = checkedProduct(shape), count == values.count else {
            throw IngestError.invalidParameter("IDX encode: shape \(shapeText(shape)) does not match \(values.count) values")
        }
        var out = try header(type: type, shape: shape)
        out.reserveCapacity(out.count + count * type.size)
        func put(_ v: UInt64, _ n: Int) { for k in stride(from: n - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) } }
        for v in values {
            switch type {
            case .uint8: out.append(UInt8(clamping: Int(v.isFinite ? v : 0)))
            case .int8: out.append(UInt8(bitPattern: Int8(clamping: Int(v.isFinite ? v : 0))))
            case .int16: put(UInt64(UInt16(bitPattern: Int16(clamping: Int(v.isFinite ? v : 0)))), 2)
            case .int32: put(UInt64(UInt32(bitPattern: Int32(clamping: Int(v.isFinite ? v : 0)))), 4)
            case .float32: put(UInt64(Float(v).bitPattern), 4)
            case .float64: put(v.bitPattern, 8)
            }
        }
        return out
    }

    /// The IDX bytes for uint8 data of the given shape.
    public static func encodeUInt8(shape: [Int], data: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard let count = checkedProduct(shape), count == data.count else {
            throw IngestError.invalidParameter("IDX encode: shape \(shapeText(shape)) does not match \(data.count) bytes")
        }
        var out = try header(type: .uint8, shape: shape)
        out.append(contentsOf: data)
        return out
    }

    /// The IDX header for a type and shape (each dimension must fit in 32 bits, rank ≤ 255).
    public static func header(type: IDXElementType, shape: [Int]) throws -> [UInt8] {
        guard shape.count <= 255, shape.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }) else {
            throw IngestError.invalidParameter("IDX cannot hold shape \(shapeText(shape)) (rank ≤ 255, each size < 2^32)")
        }
        var out: [UInt8] = [0, 0, type.rawValue, UInt8(shape.count)]
        for d in shape {
            out.append(UInt8(truncatingIfNeeded: d >> 24)); out.append(UInt8(truncatingIfNeeded: d >> 16))
            out.append(UInt8(truncatingIfNeeded: d >> 8)); out.append(UInt8(truncatingIfNeeded: d))
        }
        return out
    }

    /// Writes IDX bytes to `path` atomically, gzipped when asked.
    public static func write(_ idxBytes: [UInt8], to path: String, gzip: Bool) throws {
        try writeFileAtomically(path, bytes: gzip ? try Gzip.compress(idxBytes) : idxBytes)
    }
}
