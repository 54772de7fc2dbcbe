import COpenBLAS
import PRCCore

/// One training workload of the speed benchmark (the sizes of `prc_torch.py`).
public struct TrainWorkload: Sendable, Equatable {
    /// Short name: "online", "batched" or "small".
    public let name: String
    /// Visible units V.
    public let visible: Int
    /// Hidden units H.
    public let hidden: Int
    /// Sequences per step B.
    public let batch: Int
    /// Frames per sequence T.
    public let frames: Int
    /// Sequences N.
    public let sequences: Int
    /// Timed epochs E.
    public let epochs: Int

    /// The three workloads of the PyTorch peer, same sizes.
    public static let peerWorkloads = [
        TrainWorkload(name: "online", visible: 4096, hidden: 256, batch: 1, frames: 20, sequences: 4, epochs: 5),
        TrainWorkload(name: "batched", visible: 4096, hidden: 1024, batch: 64, frames: 20, sequences: 64, epochs: 2),
        TrainWorkload(name: "small", visible: 784, hidden: 256, batch: 1, frames: 10, sequences: 1, epochs: 40),
    ]

    /// Floating-point operations of one frame-step (one frame of one sequence through all rules),
    /// counting a multiply-add as 2: three products on Wf/Wg (Wf·x, Wg·h, Wf·x̂) and two rank-1 updates
    /// of Wf and Wg, each 2·V·H; the recurrent product and update, each 2·H². Elementwise work is left out:
    /// FLOPs = 10·V·H + 4·H².
    public var flopsPerFrameStep: Double {
        Double(10 * visible * hidden + 4 * hidden * hidden)
    }

    /// The same workload with fewer epochs and sequences (quick runs); sizes per step are unchanged.
    public func quick() -> TrainWorkload {
        TrainWorkload(name: name, visible: visible, hidden: hidden, batch: batch, frames: frames,
                      sequences: max(batch, sequences / 2), epochs: 1)
    }
}

/// Random binary frames (a share 0.2 of pixels on), as the peer uses: the work does not depend on values.
func randomBinaryFrames(visible: Int, sequences: Int, frames: Int, seed: UInt64) throws -> FrameSequences {
    var rng = SeededRandom(seed: seed)
    var bytes = [UInt8](repeating: 0, count: sequences * frames * visible)
    for i in bytes.indices where rng.nextFloat() > 0.8 { bytes[i] = 255 }
    return try FrameSequences(height: 1, width: visible, count: sequences, length: frames, bytes: bytes)
}

/// Microseconds per frame-step of training `w` on random binary frames. Runs one warm-up epoch on
/// the first batch, then the timed epochs over all sequences; `fused: false` times the reference path.
public func benchmarkTrainStep(_ w: TrainWorkload, seed: UInt64 = 1, fused: Bool = true) throws -> Double {
    let data = try randomBinaryFrames(visible: w.visible, sequences: w.sequences, frames: w.frames, seed: seed)
    var c = ModelConfig()
    c.hidden = w.hidden; c.batch = w.batch; c.epochs = w.epochs; c.seed = seed
    let warm = try Trainer(config: c, data: try data.subset(Array(0..<min(w.batch, w.sequences))), fused: fused)
    _ = try warm.runEpoch()
    let trainer = try Trainer(config: c, data: data, fused: fused)
    let start = monotonicSeconds()
    for _ in 0..<w.epochs { _ = try trainer.runEpoch() }
    return (monotonicSeconds() - start) / Double(w.sequences * w.frames * w.epochs) * 1e6
}

/// The OpenBLAS sgemm rate (GFLOP/s) on 1024×1024×1024 with `threads` OpenBLAS threads, best of
/// `repeats` after one warm-up. This also sets the model's thread count to `threads` (OpenBLAS 0.3.21
/// has crashed here when its pool was shrunk between calls, so the count is set once and kept).
public func measureSgemmGFLOPS(threads: Int, size n: Int = 1024, repeats: Int = 5) -> Double {
    let a = UnsafeMutablePointer<Float>.allocate(capacity: n * n)
    let b = UnsafeMutablePointer<Float>.allocate(capacity: n * n)
    let c = UnsafeMutablePointer<Float>.allocate(capacity: n * n)
    defer { a.deallocate(); b.deallocate(); c.deallocate() }
    var rng = SeededRandom(seed: 7)
    for i in 0..<(n * n) { a[i] = rng.nextFloat(symmetric: 1); b[i] = rng.nextFloat(symmetric: 1); c[i] = 0 }
    BLAS.setThreads(threads)
    let dim = Int32(n)
    func once() { cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, dim, dim, dim, 1, a, dim, b, dim, 0, c, dim) }
    once()
    var best = Double.infinity
    for _ in 0..<repeats {
        let t0 = monotonicSeconds()
        once()
        best = min(best, monotonicSeconds() - t0)
    }
    return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
}

/// The name of the CPU kernel set OpenBLAS chose (e.g. "Cooperlake").
public func blasCoreName() -> String {
    guard let p = openblas_get_corename() else { return "unknown" }
    return String(cString: p)
}
