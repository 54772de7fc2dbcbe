import PRCCore

/// Axis order of an imported array: (N, T, H, W), or (T, N, H, W) as in the canonical Moving MNIST file.
public enum ArrayLayout: String, Sendable, CaseIterable {
    /// Sequences first.
    case nthw
    /// Time first (canonical Moving MNIST `mnist_test_seq.npy`).
    case tnhw
}

/// An array file of sequences (.npy or IDX) read for import: 3 dimensions are one sequence (T, H, W),
/// 4 dimensions are (N, T, H, W) or (T, N, H, W). uint8 values are kept; integer values must be 0…255;
/// float values must lie in [0, 1] and become round(255 v) (halves up).
public struct ImportArray: Sendable {
    /// The file.
    public let path: String
    /// Axis order of 4-dimensional arrays.
    public let layout: ArrayLayout
    /// Sequences, frames per sequence, frame height and width.
    public let count: Int, length: Int, height: Int, width: Int
    /// Element type name (for messages and the manifest).
    public let dtype: String
    private let isFloat: Bool
    private let element: @Sendable (Int) -> Double
    /// For uint8 data: copies `count` bytes from element `start` (the fast path; no per-value checks needed).
    private let copyBytes: ByteCopy?
    /// Copies `count` uint8 values from element `start` into a buffer.
    typealias ByteCopy = @Sendable (_ start: Int, _ into: UnsafeMutablePointer<UInt8>, _ count: Int) -> Void

    /// Reads a .npy array (memory-mapped).
    public static func npy(_ path: String, layout: ArrayLayout) throws -> ImportArray {
        let a = try NPY.read(path, map: true)
        let storage = a.storage
        let element: @Sendable (Int) -> Double
        switch a.dtype {
        case .uint8: element = { Double(storage.base.load(fromByteOffset: $0, as: UInt8.self)) }
        case .int32: element = { Double(Int32(littleEndian: storage.base.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))) }
        case .int64: element = { Double(Int64(littleEndian: storage.base.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))) }
        case .float32: element = { Double(Float(bitPattern: UInt32(littleEndian: storage.base.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))) }
        case .float64: element = { Double(bitPattern: UInt64(littleEndian: storage.base.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self))) }
        }
        let isFloat = a.dtype == .float32 || a.dtype == .float64
        var copy: ByteCopy? = nil
        if a.dtype == .uint8 {
            copy = { start, dst, n in dst.update(from: storage.base.assumingMemoryBound(to: UInt8.self) + start, count: n) }
        }
        return try ImportArray(path: path, shape: a.shape, layout: layout, dtype: a.dtype.name, isFloat: isFloat, element: element, copyBytes: copy)
    }

    /// Reads an IDX file (raw or gzipped).
    public static func idx(_ path: String, layout: ArrayLayout) throws -> ImportArray {
        let f = try IDX.read(path)
        let type = f.type, size = type.size
        let element: @Sendable (Int) -> Double = { i in f.withData { IDX.decodeElement(type, $0, at: i * size) } }
        var copy: ByteCopy? = nil
        if type == .uint8 {
            copy = { start, dst, n in f.withData { dst.update(from: $0.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: n) } }
        }
        return try ImportArray(path: path, shape: f.shape, layout: layout, dtype: type.name,
                               isFloat: type == .float32 || type == .float64, element: element, copyBytes: copy)
    }

    private init(path: String, shape: [Int], layout: ArrayLayout, dtype: String, isFloat: Bool,
                 element: @escaping @Sendable (Int) -> Double,
                 copyBytes: ByteCopy?) throws {
        guard (shape.count == 3 || shape.count == 4), shape.allSatisfy({ $0 >= 1 }) else {
            throw IngestError.badFormat(path: path, expected: "an array of shape (T, H, W), (N, T, H, W) or with --layout tnhw (T, N, H, W)",
                                        found: "shape \(shapeText(shape))")
        }
        let s = shape.count == 3 ? [1] + shape : shape
        let tFirst = shape.count == 4 && layout == .tnhw
        self.path = path; self.layout = shape.count == 3 ? .nthw : layout; self.dtype = dtype
        self.isFloat = isFloat; self.element = element; self.copyBytes = copyBytes
        count = tFirst ? s[1] : s[0]; length = tFirst ? s[0] : s[1]; height = s[2]; width = s[3]
        guard height * width <= PNGLimits.maxPixels else {
            throw IngestError.badFormat(path: path, expected: "frames of at most \(PNGLimits.maxPixels) pixels", found: "\(height)×\(width)")
        }
    }

    /// Frame `t` of sequence `n` as an 8-bit gray image; values outside the accepted range throw naming the file.
    public func frame(_ n: Int, _ t: Int) throws -> Image8 {
        let frameSize = height * width
        let index = layout == .tnhw ? t * count + n : n * length + t
        let start = index * frameSize
        var pixels = [UInt8](repeating: 0, count: frameSize)
        try pixels.withUnsafeMutableBufferPointer { dst in
            if let copyBytes { copyBytes(start, dst.baseAddress!, frameSize); return }
            for i in 0..<frameSize {
                let v = element(start + i)
                if isFloat {
                    guard v >= 0 && v <= 1 else { throw outOfRange(v, n, t, "floats in [0, 1]") }
                    dst[i] = UInt8((v * 255 + 0.5).rounded(.down))
                } else {
                    guard v >= 0 && v <= 255 else { throw outOfRange(v, n, t, "integers in 0…255") }
                    dst[i] = UInt8(v)
                }
            }
        }
        return Image8(width: width, height: height, channels: 1, pixels: pixels)
    }

    private func outOfRange(_ v: Double, _ n: Int, _ t: Int, _ what: String) -> IngestError {
        IngestError.badFormat(path: path, expected: "\(dtype) pixel values as \(what)", found: "\(v) in sequence \(n), frame \(t)")
    }
}
