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

    /// Encodes every field; `exact_recall` and missing per-sequence values are written as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(meanMSE, forKey: .meanMSE)
        try c.encode(msePerFrame, forKey: .msePerFrame)
        try c.encode(perSequenceMSE, forKey: .perSequenceMSE)
        try c.encode(cueMSE, forKey: .cueMSE)
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
        let binary = isBinary(truth)
        var perFrame: [[Double]] = [], perSeq: [Double?] = []
        var cueSum = 0.0, sum = 0.0, frames = 0, correct = 0, exact = 0
        var evaluated: [(seq: Int, t: Int)] = []
        let x = UnsafeMutablePointer<Float>.allocate(capacity: v)
        defer { x.deallocate() }
        replay.recall.values.withUnsafeBufferPointer { rec in
            for s in 0..<n {
                let tc = min(truth.lengths[s], replay.lengths[s])
                var row: [Double] = []
                var allRight = true
                for t in 0..<tc {
                    truth.loadFloats(s, t, into: x)
                    let y = rec.baseAddress! + (s * tMax + t) * v
                    row.append(sumSquaredDiff(y, x, v) / Double(v))
                    if binary && allRight {
                        for i in 0..<v where (x[i] > 0.5) != (y[i] > 0.5) { allRight = false; break }
                    }
                }
                perFrame.append(row)
                cueSum += row.first ?? 0
                if allRight { exact += 1 }
                if row.count >= 2 {
                    let tail = row.dropFirst()
                    perSeq.append(tail.reduce(0, +) / Double(tail.count))
                    for (k, m) in tail.enumerated() {
                        sum += m; frames += 1
                        if m < threshold { correct += 1 }
                        evaluated.append((s, k + 1))
                    }
                } else {
                    perSeq.append(nil)
                }
            }
        }
        if frames == 0 {   // only one-frame comparisons: rate frame 1 instead
            for s in 0..<n where !perFrame[s].isEmpty {
                let m = perFrame[s][0]
                sum += m; frames += 1
                if m < threshold { correct += 1 }
                evaluated.append((s, 0))
            }
        }
        let nearest = nearestFrameHits(truth: truth, replay: replay, frames: evaluated)
        let denom = Double(max(frames, 1))
        return RecallMetrics(meanMSE: sum / denom, msePerFrame: perFrame, perSequenceMSE: perSeq,
                             cueMSE: cueSum / Double(max(n, 1)), correctFrameRate: Double(correct) / denom,
                             nearestFrameAccuracy: Double(nearest) / denom,
                             exactRecall: binary ? Double(exact) / Double(max(n, 1)) : nil,
                             threshold: threshold, framesEvaluated: frames)
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

    /// How many recalled frames have their own true frame as nearest (ties count as hits), by
    /// squared distance ‖y‖² + ‖x‖² − 2 y·x with the dot products from sgemm, in blocks.
    static func nearestFrameHits(truth: FrameSequences, replay: ReplayResult, frames: [(seq: Int, t: Int)]) -> Int {
        let v = truth.frameSize, tMax = replay.recall.shape[1]
        guard !frames.isEmpty else { return 0 }
        var all: [(Int, Int)] = []
        for s in 0..<truth.count { for t in 0..<truth.lengths[s] { all.append((s, t)) } }
        let rowBlock = 256, colBlock = 2048
        let ys = UnsafeMutablePointer<Float>.allocate(capacity: rowBlock * v)
        let xs = UnsafeMutablePointer<Float>.allocate(capacity: colBlock * v)
        let dots = UnsafeMutablePointer<Float>.allocate(capacity: rowBlock * colBlock)
        defer { ys.deallocate(); xs.deallocate(); dots.deallocate() }
        // Squared norms of all true frames.
        var xNorm = [Double](repeating: 0, count: all.count)
        for (j, f) in all.enumerated() { truth.loadFloats(f.0, f.1, into: xs); xNorm[j] = sumSquaredOf(xs, v) }
        var index: [Int: Int] = [:]
        for (j, f) in all.enumerated() { index[f.0 * tMax + f.1] = j }
        var hits = 0
        replay.recall.values.withUnsafeBufferPointer { rec in
            var r0 = 0
            while r0 < frames.count {
                let rb = min(rowBlock, frames.count - r0)
                var yNorm = [Double](repeating: 0, count: rb)
                var best = [Double](repeating: .infinity, count: rb)
                var own = [Double](repeating: .infinity, count: rb)
                for k in 0..<rb {
                    let f = frames[r0 + k]
                    (ys + k * v).update(from: rec.baseAddress! + (f.seq * tMax + f.t) * v, count: v)
                    yNorm[k] = sumSquaredOf(ys + k * v, v)
                }
                var c0 = 0
                while c0 < all.count {
                    let cb = min(colBlock, all.count - c0)
                    for j in 0..<cb { truth.loadFloats(all[c0 + j].0, all[c0 + j].1, into: xs + j * v) }
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rb), Int32(cb), Int32(v), 1,
                                ys, Int32(v), xs, Int32(v), 0, dots, Int32(cb))
                    for k in 0..<rb {
                        let f = frames[r0 + k]
                        let ownCol = index[f.seq * tMax + f.t]! - c0
                        let d = dots + k * cb
                        for j in 0..<cb {
                            let dist = yNorm[k] + xNorm[c0 + j] - 2 * Double(d[j])
                            if dist < best[k] { best[k] = dist }
                            if j == ownCol { own[k] = dist }
                        }
                    }
                    c0 += cb
                }
                for k in 0..<rb where own[k] <= best[k] + 1e-6 * Double(v) * 1e-6 { hits += 1 }
                r0 += rb
            }
        }
        return hits
    }
}
