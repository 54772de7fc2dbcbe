import COpenBLAS
import PRCCore

/// Recall quality of a replay against the true sequences (model.md's metrics, values in [0, 1]).
/// Frames compared are those that exist in both recall and truth; "recalled frames" are frames 2…T.
public struct RecallMetrics: Codable, Sendable {
    /// Mean per-frame MSE over frames 2…T of all sequences (frame-weighted; frame 1 when no sequence has 2).
    public let meanMSE: Double
    /// Per sequence, the MSE of every compared frame (frame 1 first).
    public let msePerFrame: [[Double]]
    /// Per sequence, the mean MSE over frames 2…T (null for one-frame sequences).
    public let perSequenceMSE: [Double?]
    /// Mean MSE of frame 1 (the cue's reconstruction) over sequences.
    public let cueMSE: Double
    /// Share of recalled frames (2…T) whose MSE is below `threshold`.
    public let correctFrameRate: Double
    /// Share of recalled frames (2…T) whose nearest true frame of the whole dataset is the right one.
    public let nearestFrameAccuracy: Double
    /// Share of sequences with every unit of every compared frame on the right side of 0.5; nil unless data are binary.
    public let exactRecall: Double?
    /// The correct-frame threshold used.
    public let threshold: Double
    /// Number of recalled frames the rates are over.
    public let framesEvaluated: Int

    enum CodingKeys: String, CodingKey {
        case meanMSE = "mean_mse", msePerFrame = "mse_per_frame", perSequenceMSE = "per_sequence_mse"
        case cueMSE = "cue_mse", correctFrameRate = "correct_frame_rate"
        case nearestFrameAccuracy = "nearest_frame_accuracy", exactRecall = "exact_recall"
        case threshold, framesEvaluated = "frames_evaluated"
    }

    /// Encodes every field; `exact_recall`, missing per-sequence values and non-finite errors are written as null.
    public func encode(to encoder: Encoder) throws {
        // A recall that overflowed (e.g. an unnormalised Hopfield lookup) has non-finite errors: JSON null.
        func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(finite(meanMSE), forKey: .meanMSE)
        try c.encode(msePerFrame.map { $0.map { finite($0) } }, forKey: .msePerFrame)
        try c.encode(perSequenceMSE.map { finite($0) }, forKey: .perSequenceMSE)
        try c.encode(finite(cueMSE), forKey: .cueMSE)
        try c.encode(correctFrameRate, forKey: .correctFrameRate)
        try c.encode(nearestFrameAccuracy, forKey: .nearestFrameAccuracy)
        try c.encode(exactRecall, forKey: .exactRecall)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(framesEvaluated, forKey: .framesEvaluated)
    }

    /// Computes every metric of `replay` against `truth` (the data the replay was cued from).
    public static func compute(truth: FrameSequences, replay: ReplayResult, threshold: Double) -> RecallMetrics {
        let v = truth.frameSize, n = truth.count, tMax = replay.recall.shape[1]
        precondition(replay.recall.shape == [n, tMax, v] && replay.lengths.count == n,
                     "replay of shape \(replay.recall.shape) does not belong to \(n) sequences of \(v) values")
        var acc = MetricsAccumulator(truth: truth, recallLengths: replay.lengths, threshold: threshold)
        replay.recall.values.withUnsafeBufferPointer { rec in
            acc.add(ReplayChunk(first: 0, count: n, tMax: tMax, recall: rec.baseAddress!, codes: rec.baseAddress!, codeWidth: 0))
        }
        return acc.result()
    }

    /// Recalls `data` from its cues and computes the metrics block by block (`Replay.stream`): memory
    /// stays bounded by one block of recalls whatever the dataset size. Same values as `compute` on `Replay.run`.
    public static func evaluate(_ checkpoint: Checkpoint, data: FrameSequences, cue: Cue = .first, length: Int? = nil,
                                seed: UInt64 = 0, threshold: Double) throws -> RecallMetrics {
        let lengths = try Replay.recallLengths(checkpoint, data: data, cue: cue, length: length)
        var acc = MetricsAccumulator(truth: data, recallLengths: lengths, threshold: threshold)
        try Replay.stream(checkpoint, data: data, cue: cue, length: length, seed: seed) { acc.add($0) }
        return acc.result()
    }

    /// Assembles the record (used by `MetricsAccumulator`).
    init(meanMSE: Double, msePerFrame: [[Double]], perSequenceMSE: [Double?], cueMSE: Double, correctFrameRate: Double,
         nearestFrameAccuracy: Double, exactRecall: Double?, threshold: Double, framesEvaluated: Int) {
        self.meanMSE = meanMSE; self.msePerFrame = msePerFrame; self.perSequenceMSE = perSequenceMSE
        self.cueMSE = cueMSE; self.correctFrameRate = correctFrameRate; self.nearestFrameAccuracy = nearestFrameAccuracy
        self.exactRecall = exactRecall; self.threshold = threshold; self.framesEvaluated = framesEvaluated
    }

    /// True when every byte of every real frame is 0 or 255.
    static func isBinary(_ data: FrameSequences) -> Bool {
        for s in 0..<data.count {
            for t in 0..<data.lengths[s] {
                let f = data.frame(s, t)
                guard let p = f.baseAddress else { continue }
                for i in 0..<f.count where p[i] != 0 && p[i] != 255 { return false }
            }
        }
        return true
    }
}
