import PRCCore

/// A loaded .npy array: header plus its data bytes (heap or memory-mapped).
public struct NPYArray: Sendable {
    /// Parsed header.
    public let header: NPYHeader
    /// The data bytes (C order, little-endian).
    public let storage: ByteStorage
    /// Element type.
    public var dtype: NPYDType { header.dtype }
    /// Dimensions.
    public var shape: [Int] { header.shape }

    /// Every element converted to Double.
    public func doubles() -> [Double] {
        let n = shape.reduce(1, *)
        var out = [Double](repeating: 0, count: n)
        let base = storage.base
        out.withUnsafeMutableBufferPointer { dst in
            switch dtype {
            case .uint8: let p = base.assumingMemoryBound(to: UInt8.self); for i in 0..<n { dst[i] = Double(p[i]) }
            case .int32: for i in 0..<n { dst[i] = Double(Int32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
            case .int64: for i in 0..<n { dst[i] = Double(Int64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
            case .float32: for i in 0..<n { dst[i] = Double(Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))) }
            case .float64: for i in 0..<n { dst[i] = Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
            }
        }
        return out
    }
}

/// Reading and writing .npy files (versions 1.0–3.0; little-endian u8/i32/i64/f32/f64, C order).
public enum NPY {
    /// Reads only the header of a .npy file.
    public static func readHeader(_ path: String) throws -> NPYHeader {
        guard let size = fileSize(path) else {
            if !fileExists(path) { throw FileError.notFound(path: path) }
            throw FileError.unreadable(path: path, reason: "not a regular file")
        }
        let head = try mapWholeFile(path)
        let prefix = Array(UnsafeRawBufferPointer(start: head.base, count: min(size, 1 << 20)))
        return try NPYHeader.parse(prefix, path: path)
    }

    /// Reads a .npy file, memory-mapping the data when `map` (else copying it to the heap).
    /// The file length is checked against the header before any mapping or allocation.
    public static func read(_ path: String, map: Bool = true) throws -> NPYArray {
        let header = try readHeader(path)
        let size = fileSize(path) ?? 0
        guard size == header.dataOffset + header.dataBytes else {
            throw IngestError.sizeMismatch(path: path, what: "NPY \(header.dtype.name) \(shapeText(header.shape)) needs header + data",
                                           expected: header.dataOffset + header.dataBytes, found: size)
        }
        let mapped = try ByteStorage(mapping: path, offset: header.dataOffset, length: header.dataBytes)
        let storage = map ? mapped : ByteStorage(copying: mapped.bytes)
        return NPYArray(header: header, storage: storage)
    }

    /// Writes a float32 .npy atomically.
    public static func write(_ tensor: FloatTensor, to path: String) throws {
        let w = try NPYStreamWriter(path: path, dtype: .float32, shape: tensor.shape)
        try tensor.values.withUnsafeBytes { try w.write($0) }
        try w.commit()
    }

    /// Writes a uint8 .npy atomically; `bytes` must hold product(shape) bytes.
    public static func writeUInt8(shape: [Int], bytes: UnsafeRawBufferPointer, to path: String) throws {
        let w = try NPYStreamWriter(path: path, dtype: .uint8, shape: shape)
        try w.write(bytes)
        try w.commit()
    }

    /// Writes an int32 .npy atomically.
    public static func writeInt32(shape: [Int], values: [Int32], to path: String) throws {
        let w = try NPYStreamWriter(path: path, dtype: .int32, shape: shape)
        try values.map { $0.littleEndian }.withUnsafeBytes { try w.write($0) }
        try w.commit()
    }

    /// Writes a float64 .npy atomically.
    public static func writeFloat64(shape: [Int], values: [Double], to path: String) throws {
        let w = try NPYStreamWriter(path: path, dtype: .float64, shape: shape)
        try values.withUnsafeBytes { try w.write($0) }
        try w.commit()
    }

    /// Reads a .npy as Float32 (f32 as is; f64, u8, i32, i64 converted).
    public static func readFloat32(_ path: String) throws -> FloatTensor {
        let a = try read(path, map: true)
        if a.dtype == .float32 {
            let n = a.shape.reduce(1, *)
            var values = [Float](repeating: 0, count: n)
            values.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: a.storage.base, count: n * 4)) }
            return FloatTensor(shape: a.shape, values: values)
        }
        return FloatTensor(shape: a.shape, values: a.doubles().map { Float($0) })
    }

    /// Reads integer labels (int32 or int64, any shape) as Int32, rejecting values out of range.
    public static func readInt32(_ path: String) throws -> (shape: [Int], values: [Int32]) {
        let a = try read(path, map: true)
        guard a.dtype == .int32 || a.dtype == .int64 || a.dtype == .uint8 else {
            throw IngestError.badFormat(path: path, expected: "integer labels (int32 or int64)", found: a.dtype.name)
        }
        var out: [Int32] = []
        for v in a.doubles() {
            guard let i = Int32(exactly: v) else {
                throw IngestError.badFormat(path: path, expected: "labels that fit in int32", found: "\(v)")
            }
            out.append(i)
        }
        return (a.shape, out)
    }
}

/// Writes a .npy file in pieces (header first, then data in C order) through `AtomicFileWriter`,
/// checking that exactly the promised number of bytes arrives before committing.
public final class NPYStreamWriter {
    private let writer: AtomicFileWriter
    private let expected: Int
    private var written = 0
    /// Final path.
    public var path: String { writer.path }

    /// Opens the temporary file and writes the header.
    public init(path: String, dtype: NPYDType, shape: [Int]) throws {
        guard let n = checkedProduct(shape + [dtype.size]) else {
            throw IngestError.invalidParameter("\(path): shape \(shapeText(shape)) is too large")
        }
        expected = n
        writer = try AtomicFileWriter(path: path)
        try writer.write(NPYHeader.encode(dtype: dtype, shape: shape))
    }

    /// Appends data bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard written + bytes.count <= expected else {
            throw IngestError.sizeMismatch(path: writer.path, what: "NPY data being written", expected: expected, found: written + bytes.count)
        }
        try writer.write(bytes)
        written += bytes.count
    }

    /// Renames into place once all data has been written.
    public func commit() throws {
        guard written == expected else {
            throw IngestError.sizeMismatch(path: writer.path, what: "NPY data being written", expected: expected, found: written)
        }
        try writer.commit()
    }
}
