#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import PRCCore
import Synchronization

/// How a digit's position bounces off the frame edges.
public enum BounceRule: String, Sendable, CaseIterable {
    /// Srivastava et al. 2015: step first, clamp to [0, 1] and negate velocity; offset = trunc(range × x).
    case original
    /// tensorflow-datasets: frame 0 is the start; positions fold back at the walls; offset = round(range × x).
    case reflect
}

/// How overlapping digits combine.
public enum Composition: String, Sendable, CaseIterable {
    /// Per-pixel maximum.
    case max
    /// Per-pixel sum saturating at 255.
    case sum
}

/// Parameters of a Moving MNIST build.
public struct MovingMNISTParameters: Sendable, Equatable {
    /// Number of sequences.
    public var count = 1000
    /// Frames per sequence.
    public var length = 20
    /// Frame side in pixels.
    public var size = 64
    /// Digits per sequence.
    public var digits = 2
    /// Distance moved per frame in units of the free range.
    public var step = 0.1
    /// Trajectory rule.
    public var bounce = BounceRule.original
    /// How digits combine.
    public var compose = Composition.max
    /// MNIST split the digits come from.
    public var split = "train"
    /// Seed of the per-sequence random streams.
    public var seed: UInt64 = 0

    /// The defaults of data.md (1,000 sequences, 20 frames, 64×64, 2 digits, original rule, seed 0).
    public init() {}

    /// The parameters as manifest entries.
    public var manifestParameters: [String: String] {
        ["count": "\(count)", "length": "\(length)", "size": "\(size)", "digits": "\(digits)", "step": "\(step)",
         "bounce": bounce.rawValue, "compose": compose.rawValue, "split": split, "seed": "\(seed)",
         "trajectory": "per digit: image index, x, y, angle drawn from SeededRandom(seed, stream: sequence)"]
    }
}

/// The Moving MNIST synthesizer: both trajectory rules of data.md, streamed to a .npy file.
public enum MovingMNIST {
    /// Pixel offsets along one axis for `frames` frames, from `start` in [0, 1) and velocity component `velocity`.
    public static func trajectory(start: Double, velocity: Double, step: Double, frames: Int, range: Int, rule: BounceRule) -> [Int] {
        var out = [Int](repeating: 0, count: frames)
        switch rule {
        case .original:
            var x = start, v = velocity
            for t in 0..<frames {
                x += step * v
                if x <= 0 { x = 0; v = -v }
                if x >= 1 { x = 1; v = -v }
                out[t] = Int(Double(range) * x)
            }
        case .reflect:
            for t in 0..<frames {
                var c = (start + Double(t) * step * velocity).truncatingRemainder(dividingBy: 2)
                if c < 0 { c += 2 }
                if c > 1 { c = 2 - c }
                out[t] = Int((Double(range) * c).rounded())
            }
        }
        return out
    }

    /// Checks parameters against the digit images; throws a one-line explanation.
    public static func validate(_ p: MovingMNISTParameters, digitRows: Int, digitCols: Int) throws {
        guard p.count >= 1, p.length >= 1, p.digits >= 1 else {
            throw IngestError.invalidParameter("moving-mnist: --count, --length and --digits must be at least 1")
        }
        guard p.size >= digitRows, p.size >= digitCols, p.size <= 4096 else {
            throw IngestError.invalidParameter("moving-mnist: --size must be between \(max(digitRows, digitCols)) (the digit size) and 4096, got \(p.size)")
        }
        guard p.step > 0, p.step.isFinite else { throw IngestError.invalidParameter("moving-mnist: --step must be positive, got \(p.step)") }
        guard checkedProduct([p.count, p.length, p.size, p.size]) != nil else {
            throw IngestError.invalidParameter("moving-mnist: \(p.count)×\(p.length)×\(p.size)×\(p.size) frames are too many")
        }
    }

    /// Renders all sequences into a uint8 .npy of shape (N, T, S, S) at `path`: chunks of sequences are rendered
    /// on `threads` threads into one of two buffers while the other is being written (double buffering).
    /// Returns the digit class of each digit of each sequence, (N × digits), or -1 when the images have no labels.
    public static func write(_ p: MovingMNISTParameters, images: DigitImages, to path: String,
                             threads: Int = processorCount(), progress: Progress? = nil) throws -> [Int32] {
        try validate(p, digitRows: images.rows, digitCols: images.cols)
        let seqBytes = p.length * p.size * p.size
        let chunk = max(1, min(p.count, (4 << 20) / seqBytes))
        let writer = UnsafeSendable(try NPYStreamWriter(path: path, dtype: .uint8, shape: [p.count, p.length, p.size, p.size]))
        let buffers = (0..<2).map { _ in UnsafeMutableRawPointer.allocate(byteCount: chunk * seqBytes, alignment: 64) }
        let free = (0..<2).map { _ in DispatchSemaphore(value: 1) }
        let failure = Mutex<Error?>(nil)
        let queue = DispatchQueue(label: "prc.moving-mnist.writer")
        defer {
            for f in free { f.wait(); f.signal() }  // every queued write has finished before the buffers go
            for b in buffers { b.deallocate() }
        }
        var classes = [Int32](repeating: -1, count: p.count * p.digits)
        images.withPixels { pixels in
            classes.withUnsafeMutableBufferPointer { cls in
                var start = 0, turn = 0
                while start < p.count {
                    if failure.withLock({ $0 != nil }) { break }
                    let m = min(chunk, p.count - start), first = start
                    free[turn].wait()
                    let shared = UnsafeSendable((buffers[turn], pixels, cls.baseAddress!))
                    parallelFor(m, threads: threads) { k in
                        let (buf, px, out) = shared.value
                        let picked = renderSequence(p, index: first + k, images: images, pixels: px,
                                                    into: (buf + k * seqBytes).assumingMemoryBound(to: UInt8.self))
                        for (d, idx) in picked.enumerated() {
                            out[(first + k) * p.digits + d] = images.labels.map { Int32($0[idx]) } ?? -1
                        }
                    }
                    let buf = UnsafeSendable(buffers[turn]), done = free[turn]
                    queue.async {
                        defer { done.signal() }
                        guard failure.withLock({ $0 == nil }) else { return }
                        do { try writer.value.write(UnsafeRawBufferPointer(start: buf.value, count: m * seqBytes)) } catch {
                            failure.withLock { $0 = error }
                        }
                        progress?.advance(by: m)
                    }
                    start += m; turn ^= 1
                }
            }
        }
        queue.sync {}
        if let error = failure.withLock({ $0 }) { throw error }
        try writer.value.commit()
        return classes
    }

    /// Renders sequence `index` (T frames of S×S) into `out`; returns the image indices used per digit.
    @discardableResult
    public static func renderSequence(_ p: MovingMNISTParameters, index: Int, images: DigitImages,
                                      pixels: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> [Int] {
        var rng = SeededRandom(seed: p.seed, stream: UInt64(index))
        let rows = images.rows, cols = images.cols, S = p.size, frame = S * S
        out.initialize(repeating: 0, count: p.length * frame)
        var picked: [Int] = []
        for _ in 0..<p.digits {
            let idx = rng.nextInt(below: images.count)
            let x0 = rng.nextDouble(), y0 = rng.nextDouble()
            let theta = rng.nextDouble() * 2 * Double.pi
            let xs = trajectory(start: x0, velocity: cos(theta), step: p.step, frames: p.length, range: S - cols, rule: p.bounce)
            let ys = trajectory(start: y0, velocity: sin(theta), step: p.step, frames: p.length, range: S - rows, rule: p.bounce)
            picked.append(idx)
            let src = pixels + idx * rows * cols
            for t in 0..<p.length {
                let base = out + t * frame + ys[t] * S + xs[t]
                blit(src, rows: rows, cols: cols, into: base, stride: S, compose: p.compose)
            }
        }
        return picked
    }

    /// Combines a rows×cols patch into a frame region whose rows are `stride` apart.
    @inline(__always)
    static func blit(_ src: UnsafePointer<UInt8>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<UInt8>, stride: Int, compose: Composition) {
        switch compose {
        case .max:
            for r in 0..<rows {
                let s = src + r * cols, d = dst + r * stride
                for c in 0..<cols { d[c] = Swift.max(d[c], s[c]) }
            }
        case .sum:
            for r in 0..<rows {
                let s = src + r * cols, d = dst + r * stride
                for c in 0..<cols { d[c] = composeSum(d[c], s[c]) }
            }
        }
    }

    /// Saturating sum of two pixel values: computed wide, clipped at 255, then narrowed.
    @inline(__always)
    public static func composeSum(_ a: UInt8, _ b: UInt8) -> UInt8 {
        UInt8(Swift.min(Int(a) + Int(b), 255))
    }
}
