import PRCCore

/// What recall starts from: the first frame, a noisy or masked first frame, or a given image.
public enum Cue: Sendable, Equatable {
    /// The sequence's first frame.
    case first
    /// The first frame plus Gaussian noise of this standard deviation, clipped to [0, 1].
    case noise(sigma: Double)
    /// The first frame with this fraction of its pixels (chosen at random, all channels) set to 0.
    case mask(fraction: Double)
    /// One user-supplied image (V values in [0, 1]) used for every sequence.
    case image([Float])

    /// Parses "first", "noise:SIGMA" or "mask:FRACTION" (image:PATH is resolved by the caller).
    public init(parsing text: String) throws {
        func number(_ prefix: String) -> Double? { Double(text.dropFirst(prefix.count)) }
        if text == "first" { self = .first; return }
        if text.hasPrefix("noise:"), let s = number("noise:"), s.isFinite, s >= 0 { self = .noise(sigma: s); return }
        if text.hasPrefix("mask:"), let f = number("mask:"), f >= 0, f <= 1 { self = .mask(fraction: f); return }
        throw UsageError("--cue must be first, noise:SIGMA (SIGMA ≥ 0), mask:FRACTION (0…1) or image:PATH, found \(text)")
    }

    /// Writes the cue for sequence `n` into `out` (V values); noise and masks come from stream n of `seed`.
    func fill(_ out: UnsafeMutablePointer<Float>, data: FrameSequences, sequence n: Int, seed: UInt64) {
        let v = data.frameSize
        var rng = SeededRandom(seed: seed, stream: UInt64(n))
        switch self {
        case .first:
            data.loadFloats(n, 0, into: out)
        case .noise(let sigma):
            data.loadFloats(n, 0, into: out)
            for i in 0..<v { out[i] = min(1, max(0, out[i] + Float(sigma * rng.nextGaussian()))) }
        case .mask(let fraction):
            // Whole pixels (all channels) are masked: round(fraction × height × width) of them.
            data.loadFloats(n, 0, into: out)
            let pixels = data.height * data.width, ch = data.channels
            let k = Int((fraction * Double(pixels)).rounded())
            var idx = Array(0..<pixels)
            idx.withUnsafeMutableBufferPointer { p in
                for i in 0..<k {   // partial Fisher–Yates: the first k of a seeded permutation
                    let j = i + rng.nextInt(below: pixels - i)
                    p.swapAt(i, j)
                    for c in 0..<ch { out[p[i] * ch + c] = 0 }
                }
            }
        case .image(let values):
            values.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: v) }
        }
    }
}

/// A bad replay request (cue image of the wrong size, bad length, unusable checkpoint).
public struct ReplayError: UserFacingError, Equatable {
    /// The user-facing message.
    public let message: String
    /// The user-facing message.
    public var description: String { message }
}

/// Recalled frames and hidden codes of every sequence of a dataset.
public struct ReplayResult: Sendable {
    /// Recalled frames y^t, N×T×V (rows past a sequence's recall length are zero).
    public let recall: FloatTensor
    /// Hidden codes q^t, N×T×H (direct: the visible states, N×T×V).
    public let codes: FloatTensor
    /// Recall length of each sequence.
    public let lengths: [Int]
}

/// One block of recalls: sequences `first ..< first + count`, frames laid out count × tMax × V
/// (codes count × tMax × codeWidth); rows past a sequence's recall length are zero.
public struct ReplayChunk {
    /// Index of the first sequence of the block.
    public let first: Int
    /// Sequences in the block.
    public let count: Int
    /// Padded time dimension (the longest recall length of the whole replay).
    public let tMax: Int
    /// Recalled frames of the block.
    public let recall: UnsafePointer<Float>
    /// Hidden codes of the block.
    public let codes: UnsafePointer<Float>
    /// Width of a code row.
    public let codeWidth: Int

    /// Recalled frame t of sequence `seq` (first ≤ seq < first + count).
    func frame(_ seq: Int, _ t: Int, visible v: Int) -> UnsafePointer<Float> { recall + ((seq - first) * tMax + t) * v }
}

/// Recall from a cue: q¹ = encode(c), q^{t+1} = predict(q^t), y^t = decode(q^t); for prc
/// q¹ = σ(Wf c + bf), q^{t+1} = σ(Wr q^t + br), y^t = σ(Wg q^t + bg); visible-space models carry the frame.
public enum Replay {
    /// Sequences recalled together per BLAS call (and per streamed block).
    static let chunk = 64

    /// Recalls every sequence of `data` from its cue; T is `length` or each sequence's own length.
    /// Holds the whole N × T × V result: for large datasets prefer `stream` (bounded memory).
    public static func run(_ checkpoint: Checkpoint, data: FrameSequences, cue: Cue, length: Int?,
                           seed: UInt64) throws -> ReplayResult {
        let lengths = try recallLengths(checkpoint, data: data, cue: cue, length: length)
        let tMax = lengths.max() ?? 1, n = data.count, v = data.frameSize
        let cw = checkpoint.config.model.isVisibleSpace ? v : checkpoint.config.hidden
        var recall = [Float](repeating: 0, count: n * tMax * v)
        var codes = [Float](repeating: 0, count: n * tMax * cw)
        try stream(checkpoint, data: data, cue: cue, length: length, seed: seed) { c in
            recall.withUnsafeMutableBufferPointer { ($0.baseAddress! + c.first * tMax * v).update(from: c.recall, count: c.count * tMax * v) }
            codes.withUnsafeMutableBufferPointer { ($0.baseAddress! + c.first * tMax * cw).update(from: c.codes, count: c.count * tMax * cw) }
        }
        return ReplayResult(recall: FloatTensor(shape: [n, tMax, v], values: recall),
                            codes: FloatTensor(shape: [n, tMax, cw], values: codes), lengths: lengths)
    }

    /// Checks the request and returns each sequence's recall length.
    static func recallLengths(_ checkpoint: Checkpoint, data: FrameSequences, cue: Cue, length: Int?) throws -> [Int] {
        try checkpoint.validateShapes(source: "checkpoint")
        let v = data.frameSize
        guard checkpoint.visibleSize == v else {
            throw ReplayError(message: "the checkpoint expects frames of \(checkpoint.visibleSize ?? 0) values, the data has \(v)")
        }
        if case .image(let img) = cue, img.count != v {
            throw ReplayError(message: "the cue image has \(img.count) values, the model expects \(v)")
        }
        if let l = length, l < 1 { throw ReplayError(message: "the recall length must be at least 1, found \(l)") }
        return data.lengths.map { length ?? $0 }
    }

    /// Recalls the sequences block by block (at most `chunk` sequences each) and hands each block to
    /// `body`; memory stays at one block whatever the dataset size.
    public static func stream(_ checkpoint: Checkpoint, data: FrameSequences, cue: Cue, length: Int?,
                              seed: UInt64, _ body: (ReplayChunk) throws -> Void) throws {
        let lengths = try recallLengths(checkpoint, data: data, cue: cue, length: length)
        let v = data.frameSize
        let tMax = lengths.max() ?? 1
        let n = data.count
        let rows = min(chunk, n)
        let net = makeNetwork(config: checkpoint.config, visible: v, batch: rows, patterns: checkpoint.patternCount)
        try net.params.load(checkpoint.tensors, source: "checkpoint")
        let cw = net.stateWidth
        let c = UnsafeMutablePointer<Float>.allocate(capacity: rows * v)
        let q = UnsafeMutablePointer<Float>.allocate(capacity: rows * cw)
        let q2 = UnsafeMutablePointer<Float>.allocate(capacity: rows * cw)
        let y = UnsafeMutablePointer<Float>.allocate(capacity: rows * v)
        let rec = UnsafeMutablePointer<Float>.allocate(capacity: rows * tMax * v)
        let cod = UnsafeMutablePointer<Float>.allocate(capacity: rows * tMax * cw)
        defer { for p in [c, q, q2, y, rec, cod] { p.deallocate() } }
        var s0 = 0
        while s0 < n {
            let b = min(rows, n - s0)
            rec.initialize(repeating: 0, count: b * tMax * v)
            cod.initialize(repeating: 0, count: b * tMax * cw)
            for k in 0..<b { cue.fill(c + k * v, data: data, sequence: s0 + k, seed: seed) }
            let tChunk = lengths[s0..<(s0 + b)].max() ?? 1
            net.encode(c, rows: b, into: q)
            for t in 0..<tChunk {
                if t > 0 {
                    net.predict(q, rows: b, into: q2)
                    q.update(from: q2, count: b * cw)
                }
                net.decode(q, rows: b, into: y)
                for k in 0..<b where t < lengths[s0 + k] {
                    (rec + (k * tMax + t) * v).update(from: y + k * v, count: v)
                    (cod + (k * tMax + t) * cw).update(from: q + k * cw, count: cw)
                }
            }
            try body(ReplayChunk(first: s0, count: b, tMax: tMax, recall: rec, codes: cod, codeWidth: cw))
            s0 += b
        }
    }
}
