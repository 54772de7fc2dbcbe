/// N sequences of uint8 frames (0…255 ↦ 0…1), lengths may differ; frames are height×width×channels,
/// row-major with channels last. Storage is padded to the longest sequence, N × maxLength frames,
/// exactly the data block of a `frames.npy` of shape (N, T, H, W[, C]), so it can be memory-mapped.
public struct FrameSequences: Sendable {
    /// Frame height in pixels.
    public let height: Int
    /// Frame width in pixels.
    public let width: Int
    /// Values per pixel: 1 (gray) or 3 (RGB).
    public let channels: Int
    /// Number of frames in each sequence (≥ 1 each).
    public let lengths: [Int]
    /// The longest length; the padded time dimension of the storage.
    public let maxLength: Int
    /// The bytes, N × maxLength × frameSize.
    public let storage: ByteStorage

    /// Number of sequences.
    public var count: Int { lengths.count }
    /// Values per frame (height × width × channels): the visible size V.
    public var frameSize: Int { height * width * channels }
    /// Total number of real (unpadded) frames.
    public var totalFrames: Int { lengths.reduce(0, +) }

    /// Wraps storage holding N × maxLength frames; checks the sizes add up.
    public init(height: Int, width: Int, channels: Int = 1, lengths: [Int], storage: ByteStorage) throws {
        guard height > 0, width > 0, channels == 1 || channels == 3 else {
            throw RuntimeFailure("frames must be at least 1×1 with 1 or 3 channels, got \(height)×\(width)×\(channels)")
        }
        guard !lengths.isEmpty, lengths.allSatisfy({ $0 >= 1 }) else {
            throw RuntimeFailure("a dataset needs at least one sequence and every sequence at least one frame")
        }
        let maxLen = lengths.max() ?? 0
        let need = lengths.count * maxLen * height * width * channels
        guard storage.count == need else {
            throw RuntimeFailure("frame storage holds \(storage.count) bytes, expected \(need) for \(lengths.count)×\(maxLen)×\(height)×\(width)×\(channels)")
        }
        self.height = height; self.width = width; self.channels = channels
        self.lengths = lengths; self.maxLength = maxLen; self.storage = storage
    }

    /// Builds equal-length sequences from a flat byte array of shape (N, T, H, W[, C]).
    public init(height: Int, width: Int, channels: Int = 1, count: Int, length: Int, bytes: [UInt8]) throws {
        try self.init(height: height, width: width, channels: channels,
                      lengths: Array(repeating: length, count: count), storage: ByteStorage(bytes))
    }

    /// The bytes of frame `t` of sequence `n` (t < lengths[n]).
    public func frame(_ n: Int, _ t: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(n >= 0 && n < count && t >= 0 && t < maxLength, "frame index out of range")
        let start = storage.base.assumingMemoryBound(to: UInt8.self) + (n * maxLength + t) * frameSize
        return UnsafeBufferPointer(start: start, count: frameSize)
    }

    /// Writes frame `t` of sequence `n` as Floats in [0, 1] into `out` (frameSize values).
    public func loadFloats(_ n: Int, _ t: Int, into out: UnsafeMutablePointer<Float>) {
        let src = frame(n, t)
        let scale: Float = 1.0 / 255.0
        for i in 0..<frameSize { out[i] = Float(src[i]) * scale }
    }

    /// A new set holding only the sequences at `indices` (copied), in that order.
    public func subset(_ indices: [Int]) throws -> FrameSequences {
        let lens = indices.map { lengths[$0] }
        let maxLen = lens.max() ?? 0
        let fs = frameSize
        let store = ByteStorage(count: indices.count * maxLen * fs) { dst in
            dst.initializeMemory(as: UInt8.self, repeating: 0)
            for (k, n) in indices.enumerated() {
                let src = storage.base + n * maxLength * fs
                (dst.baseAddress! + k * maxLen * fs).copyMemory(from: src, byteCount: lengths[n] * fs)
            }
        }
        return try FrameSequences(height: height, width: width, channels: channels, lengths: lens, storage: store)
    }
}

/// A dense Float32 array with a shape, row-major (used for recalls, codes and weights).
public struct FloatTensor: Sendable, Equatable {
    /// Dimensions, outermost first.
    public var shape: [Int]
    /// Values in C order; count equals the product of `shape`.
    public var values: [Float]

    /// Creates a tensor; the value count must match the shape.
    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "tensor shape \(shape) does not match \(values.count) values")
        self.shape = shape; self.values = values
    }

    /// A zero-filled tensor of the given shape.
    public init(zeros shape: [Int]) { self.init(shape: shape, values: Array(repeating: 0, count: shape.reduce(1, *))) }
}
