import PRCCore

/// Turns true frames and recalled frames into unscaled picture tiles through one value mapping:
/// a truth tile, a recall tile (with its clipped count) and an absolute-error tile in a colour map.
/// A tile is nil where the frame does not exist (past a sequence's length or the recall length).
public struct FrameTiles: Sendable {
    /// The true frames.
    public let truth: FrameSequences
    /// Recalled frames, N×T×V.
    public let recall: FloatTensor
    /// Value mapping for truth and recall.
    public let mapper: ValueMapper
    /// Colour map of the error row.
    public let errorMap: ColorMap
    /// Recalled frames of each sequence when they differ (sequences of different lengths); nil: all `recallLength`.
    public var recallLengths: [Int]? = nil

    /// Checks that `recall` is N×T×V for the N sequences and V values per frame of `truth`.
    public init(truth: FrameSequences, recall: FloatTensor, range: ValueRange, errorMap: ColorMap = .magma) throws {
        let expected = "\(truth.count)×T×\(truth.frameSize) (N×T×height·width·channels)"
        guard recall.shape.count == 3, recall.shape[0] == truth.count, recall.shape[2] == truth.frameSize else {
            throw RenderError.shapeMismatch(what: "recall", expected: expected,
                                            found: recall.shape.map(String.init).joined(separator: "×"))
        }
        self.truth = truth
        self.recall = recall
        self.mapper = try ValueMapper(range)
        self.errorMap = errorMap
    }

    /// Frame width in pixels.
    public var width: Int { truth.width }
    /// Frame height in pixels.
    public var height: Int { truth.height }
    /// Number of recalled frames per sequence.
    public var recallLength: Int { recall.shape[1] }
    /// Columns needed to show sequence `n`: the longer of its true length and the recall length.
    public func frameCount(_ n: Int) -> Int { max(truth.lengths[n], recalled(n)) }
    /// Number of frames recalled for sequence `n` (the rest of the padded recall array is empty).
    public func recalled(_ n: Int) -> Int { min(recallLengths?[n] ?? recallLength, recallLength) }

    /// The true frame `t` of sequence `n` as a tile and its clipped count, nil past its length.
    public func truthTile(_ n: Int, _ t: Int) -> (tile: RGBImage, clipped: Int)? {
        guard t < truth.lengths[n] else { return nil }
        let src = truth.frame(n, t)
        var levels = [UInt8](repeating: 0, count: src.count)
        let clipped = levels.withUnsafeMutableBufferPointer { mapper.map(bytes: src, into: $0.baseAddress!) }
        let tile = levels.withUnsafeBufferPointer {
            RGBImage.fromBytes($0, width: width, height: height, channels: truth.channels)
        }
        return (tile, clipped)
    }

    /// The recalled frame `t` of sequence `n` as a tile and its clipped count, nil past the recall.
    public func recallTile(_ n: Int, _ t: Int) -> (tile: RGBImage, clipped: Int)? {
        guard t < recalled(n) else { return nil }
        let v = truth.frameSize
        var levels = [UInt8](repeating: 0, count: v)
        let clipped = recall.values.withUnsafeBufferPointer { all in
            let frame = UnsafeBufferPointer(rebasing: all[((n * recallLength + t) * v)..<((n * recallLength + t + 1) * v)])
            return levels.withUnsafeMutableBufferPointer { mapper.map(frame, into: $0.baseAddress!) }
        }
        let tile = levels.withUnsafeBufferPointer {
            RGBImage.fromBytes($0, width: width, height: height, channels: truth.channels)
        }
        return (tile, clipped)
    }

    /// The per-pixel absolute error |truth − recall| (mean over colour channels) of frame `t`, nil
    /// when either frame is missing. Fixed range: 0…(hi−lo) spans the colour map; normalize: 0…max.
    public func errorValues(_ n: Int, _ t: Int) -> [Float]? {
        guard t < truth.lengths[n], t < recalled(n) else { return nil }
        let c = truth.channels, pixels = width * height, v = truth.frameSize
        let src = truth.frame(n, t)
        var err = [Float](repeating: 0, count: pixels)
        recall.values.withUnsafeBufferPointer { all in
            let r = all.baseAddress! + (n * recallLength + t) * v
            err.withUnsafeMutableBufferPointer { e in
                for p in 0..<pixels {
                    var s: Float = 0
                    for k in 0..<c { s += abs(Float(src[p * c + k]) / 255 - r[p * c + k]) }
                    e[p] = s / Float(c)
                }
            }
        }
        return err
    }

    /// The error frame `t` of sequence `n` coloured through `errorMap`, nil when a frame is missing.
    public func errorTile(_ n: Int, _ t: Int) -> RGBImage? {
        guard var err = errorValues(n, t) else { return nil }
        let span: Float
        switch mapper.range {
        case .fixed(let lo, let hi): span = hi - lo
        case .normalize: span = err.max() ?? 0
        }
        let k: Float = span > 0 ? 1 / span : 0
        for i in err.indices { err[i] = err[i].isFinite ? err[i] * k : 1 }
        return RGBImage.fromValues(err, width: width, height: height, colorMap: errorMap)
    }

    /// Upper end of the error colour scale as a label ("1" for the default range, "MAX" when normalizing).
    public var errorScaleLabel: String {
        switch mapper.range {
        case .fixed(let lo, let hi): return NumberFormat.short(Double(hi - lo))
        case .normalize: return "MAX"
        }
    }
}

