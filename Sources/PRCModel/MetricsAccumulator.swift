import COpenBLAS
import PRCCore

/// Accumulates `RecallMetrics` over blocks of recalled sequences, in sequence order, so a replay of a
/// large dataset never has to exist in one piece. Nearest-frame search is blocked too: at most
/// `rowBlock` recalled frames against `colBlock` true frames (converted from uint8 per block) at a time.
struct MetricsAccumulator {
    let truth: FrameSequences
    let lengths: [Int]
    let threshold: Double
    let binary: Bool
    /// No sequence has two compared frames: rate frame 1 instead (as model.md's metrics fall back).
    let rateFirst: Bool
    var perFrame: [[Double]] = [], perSeq: [Double?] = []
    var cueSum = 0.0, sum = 0.0, frames = 0, correct = 0, exact = 0, nearest = 0
    /// All real true frames (sequence, t), their squared norms and index by sequence·maxLength + t (built once).
    private var all: [(Int, Int)] = [], xNorm: [Double] = [], index: [Int] = []
    static let rowBlock = 256, colBlock = 2048

    /// Starts an empty accumulation for `truth` recalled with `recallLengths` frames per sequence.
    init(truth: FrameSequences, recallLengths: [Int], threshold: Double) {
        self.truth = truth; lengths = recallLengths; self.threshold = threshold
        binary = RecallMetrics.isBinary(truth)
        rateFirst = !truth.lengths.indices.contains { min(truth.lengths[$0], recallLengths[$0]) >= 2 }
    }

    /// Adds the next block of sequences (blocks must come in order, starting at sequence 0).
    mutating func add(_ c: ReplayChunk) {
        precondition(c.first == perFrame.count, "metric blocks out of order")
        let v = truth.frameSize
        var evaluated: [(seq: Int, t: Int)] = []
        let x = UnsafeMutablePointer<Float>.allocate(capacity: v)
        defer { x.deallocate() }
        for s in c.first..<(c.first + c.count) {
            let tc = min(truth.lengths[s], lengths[s])
            var row: [Double] = []
            var allRight = true
            for t in 0..<tc {
                truth.loadFloats(s, t, into: x)
                let y = c.frame(s, t, visible: v)
                row.append(sumSquaredDiff(y, x, v) / Double(v))
                if binary && allRight {
                    for i in 0..<v where (x[i] > 0.5) != (y[i] > 0.5) { allRight = false; break }
                }
            }
            perFrame.append(row)
            cueSum += row.first ?? 0
            if allRight { exact += 1 }
            perSeq.append(row.count >= 2 ? row.dropFirst().reduce(0, +) / Double(row.count - 1) : nil)
            let rated = rateFirst ? Array(row.prefix(1).enumerated()) : Array(row.enumerated().dropFirst())
            for (t, m) in rated {
                sum += m; frames += 1
                if m < threshold { correct += 1 }
                evaluated.append((s, t))
            }
        }
        nearest += nearestFrameHits(evaluated, chunk: c)
    }

    /// The metrics of everything added.
    func result() -> RecallMetrics {
        let n = truth.count, denom = Double(max(frames, 1))
        return RecallMetrics(meanMSE: sum / denom, msePerFrame: perFrame, perSequenceMSE: perSeq,
                             cueMSE: cueSum / Double(max(n, 1)), correctFrameRate: Double(correct) / denom,
                             nearestFrameAccuracy: Double(nearest) / denom,
                             exactRecall: binary ? Double(exact) / Double(max(n, 1)) : nil,
                             threshold: threshold, framesEvaluated: frames)
    }

    /// Builds the list of true frames and their norms on first use.
    private mutating func prepareTruth() {
        guard all.isEmpty else { return }
        let v = truth.frameSize
        let x = UnsafeMutablePointer<Float>.allocate(capacity: v)
        defer { x.deallocate() }
        index = Array(repeating: -1, count: truth.count * truth.maxLength)
        for s in 0..<truth.count {
            for t in 0..<truth.lengths[s] {
                index[s * truth.maxLength + t] = all.count
                all.append((s, t))
                truth.loadFloats(s, t, into: x)
                xNorm.append(sumSquaredOf(x, v))
            }
        }
    }

    /// How many of `frames` have their own true frame as nearest (ties count as hits), by squared
    /// distance ‖y‖² + ‖x‖² − 2 y·x with the dot products from sgemm, in blocks.
    private mutating func nearestFrameHits(_ frames: [(seq: Int, t: Int)], chunk c: ReplayChunk) -> Int {
        guard !frames.isEmpty else { return 0 }
        prepareTruth()
        let v = truth.frameSize, rowBlock = Self.rowBlock, colBlock = Self.colBlock
        let ys = UnsafeMutablePointer<Float>.allocate(capacity: rowBlock * v)
        let xs = UnsafeMutablePointer<Float>.allocate(capacity: colBlock * v)
        let dots = UnsafeMutablePointer<Float>.allocate(capacity: rowBlock * colBlock)
        defer { ys.deallocate(); xs.deallocate(); dots.deallocate() }
        var hits = 0
        var r0 = 0
        while r0 < frames.count {
            let rb = min(rowBlock, frames.count - r0)
            var yNorm = [Double](repeating: 0, count: rb)
            var best = [Double](repeating: .infinity, count: rb)
            var own = [Double](repeating: .infinity, count: rb)
            for k in 0..<rb {
                let f = frames[r0 + k]
                (ys + k * v).update(from: c.frame(f.seq, f.t, visible: v), count: v)
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
                    let ownCol = index[f.seq * truth.maxLength + f.t] - c0
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
        return hits
    }
}
