import COpenBLAS
import PRCCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A unit nonlinearity: logistic sigmoid, tanh (hidden, research) or identity (visible, research).
public enum Activation: Sendable, Equatable {
    /// σ(z) = 1 / (1 + e^-z).
    case sigmoid
    /// tanh(z) (hidden units, research use).
    case tanh
    /// The identity (visible units, research use).
    case linear

    /// Parses a hidden activation name ("sigmoid" | "tanh").
    public init?(hidden name: String) {
        switch name {
        case "sigmoid": self = .sigmoid
        case "tanh": self = .tanh
        default: return nil
        }
    }

    /// Parses a visible activation name ("sigmoid" | "linear").
    public init?(visible name: String) {
        switch name {
        case "sigmoid": self = .sigmoid
        case "linear": self = .linear
        default: return nil
        }
    }

    /// Replaces each of `count` net inputs by the activation of it plus `bias[i % width]` (bias may be nil).
    func apply(_ z: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>?) {
        for r in 0..<rows {
            let p = z + r * width
            if let b = bias { for i in 0..<width { p[i] += b[i] } }
            switch self {
            case .sigmoid: for i in 0..<width { p[i] = 1 / (1 + expf(-p[i])) }
            case .tanh: for i in 0..<width { p[i] = tanhf(p[i]) }
            case .linear: break
            }
        }
    }

    /// Multiplies each error `e[i]` by the derivative expressed through the output `y[i]`.
    func multiplyDerivative(_ e: UnsafeMutablePointer<Float>, output y: UnsafePointer<Float>, count: Int) {
        switch self {
        case .sigmoid: for i in 0..<count { e[i] *= y[i] * (1 - y[i]) }
        case .tanh: for i in 0..<count { e[i] *= 1 - y[i] * y[i] }
        case .linear: break
        }
    }
}

/// Row-major products and updates of the model.
/// Every product and update is cut into fixed blocks of output rows (the weight matrix's rows), the
/// same whatever the thread count; blocks may run on several threads (`workers`). One row (m = 1
/// products, rank-1 updates) runs on `RowKernels`; several rows go to single-threaded OpenBLAS sgemm,
/// one call per block. Each value comes from the same call with the same shapes whatever the thread
/// count, so the bits do not depend on it (`sameSeedSameWeightsAnyThreadCount`).
/// Blocks run with flush-to-zero/denormals-are-zero on (restored afterwards): saturated sigmoids make
/// denormal errors, and one operand in ten being denormal made sgemm 20× slower here. This changes
/// only values below 1.2e-38, identically for any thread count and for the fused and reference paths.
/// (OpenBLAS's own worker threads ignore the caller's FP mode: one more reason to keep it single-threaded.)
enum BLAS {
    /// Output rows (of the weight matrix) per block of the one-row kernels.
    static let rowBlock = 32
    /// Output rows per block of sgemm calls (large, so packing the shared operand is amortised).
    static let gemmBlock = 256
    /// Below this many multiply-adds a product runs on the calling thread.
    static let parallelWork = 1 << 21
    nonisolated(unsafe) static var workers = processorCount()
    private static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    /// Runs `body(start, count)` for every block of `size` rows out of `rows`, in parallel when the
    /// work is large; each block runs with flush-to-zero on.
    static func blocks(_ rows: Int, size: Int, work: Int, _ body: @escaping @Sendable (Int, Int) -> Void) {
        _ = singleThreaded
        let count = (rows + size - 1) / size
        let run: @Sendable (Int) -> Void = { b in
            let mode = prc_enter_flush_mode()
            body(b * size, min(size, rows - b * size))
            prc_restore_fp_mode(mode)
        }
        if count <= 1 || workers <= 1 || work < parallelWork {
            for b in 0..<count { run(b) }
        } else {
            parallelFor(count, threads: workers, run)
        }
    }

    /// C (m×n) = A (m×k) · Bᵀ (B is n×k), blocked over n: one-row kernels for m = 1, else sgemm.
    static func gemmNT(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                       _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        let pa = UnsafeSendable(a), pb = UnsafeSendable(b), pc = UnsafeSendable(c)
        blocks(n, size: m == 1 ? rowBlock : gemmBlock, work: m * n * k) { n0, nb in
            if m == 1 {
                for i in n0..<(n0 + nb) { pc.value[i] = RowKernels.dot(pb.value + i * ldb, pa.value, k) }
            } else {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(nb), Int32(k), 1,
                            pa.value, Int32(lda), pb.value + n0 * ldb, Int32(ldb), 0, pc.value + n0, Int32(ldc))
            }
        }
    }

    /// C (m×n) += alpha · Aᵀ · B where A is k×m and B is k×n (a sum of k outer products), blocked over m.
    static func addOuterTN(_ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                           _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        PendingUpdate(rows: k, alpha: alpha, d: a, ldd: lda, p: b, ldp: ldb).apply(to: c, rows: m, width: n, ldw: ldc)
    }

    /// C = A (m×k) · W'ᵀ where W' = W (n×k) + pending update, also stored into W. For one row and a
    /// rank-1 update this is one sweep over W (`RowKernels.axpyThenDot`), which performs exactly the
    /// arithmetic of the separate update and product; otherwise it is those two calls. Either way the
    /// results equal the unfused path bit for bit.
    static func updateThenGemmNT(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                                 _ w: UnsafeMutablePointer<Float>, _ ldw: Int,
                                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int, pending: PendingUpdate?) {
        guard let u = pending, m == 1, u.rows == 1 else {
            pending?.apply(to: w, rows: n, width: k, ldw: ldw)
            gemmNT(m, n, k, a, lda, w, ldw, c, ldc)
            return
        }
        let pa = UnsafeSendable(a), pw = UnsafeSendable(w), pc = UnsafeSendable(c)
        blocks(n, size: rowBlock, work: 2 * n * k) { n0, nb in
            for i in n0..<(n0 + nb) {
                pc.value[i] = RowKernels.axpyThenDot(pw.value + i * ldw, u.alpha * u.d[i], u.p, pa.value, k)
            }
        }
    }

    /// out[j] += alpha · Σ_r a[r·width + j]: the column sums of a rows×width block (bias deltas).
    static func addColumnSums(_ a: UnsafePointer<Float>, rows: Int, width: Int, alpha: Float,
                              into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { cblas_saxpy(Int32(width), alpha, a + r * width, 1, out, 1) }
    }

    /// Sets how many threads run blocks (OpenBLAS itself stays single-threaded).
    static func setThreads(_ n: Int) { _ = singleThreaded; workers = max(1, n) }
}

/// A weight update W += alpha · Dᵀ P not yet applied (D is rows × W's row count, P is rows × W's width).
struct PendingUpdate: @unchecked Sendable {
    let rows: Int
    let alpha: Float
    let d: UnsafePointer<Float>
    let ldd: Int
    let p: UnsafePointer<Float>
    let ldp: Int

    /// Applies the update to W (`rows` rows of `width` columns, leading dimension ldw) in fixed row
    /// blocks: rank-1 updates on the one-row kernels, larger ones as one sgemm per block.
    func apply(to w: UnsafeMutablePointer<Float>, rows m: Int, width: Int, ldw: Int) {
        let pw = UnsafeSendable(w), u = self
        BLAS.blocks(m, size: rows == 1 ? BLAS.rowBlock : BLAS.gemmBlock, work: m * width * rows) { r0, count in
            if u.rows == 1 {
                for i in r0..<(r0 + count) { RowKernels.axpy(pw.value + i * ldw, u.alpha * u.d[i], u.p, width) }
            } else {
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(count), Int32(width), Int32(u.rows), u.alpha,
                            u.d + r0, Int32(u.ldd), u.p, Int32(u.ldp), 1, pw.value + r0 * ldw, Int32(ldw))
            }
        }
    }
}

/// Sets how many threads the model's BLAS work may use; weights are bitwise the same for any count.
public func setBLASThreads(_ n: Int) { BLAS.setThreads(n) }

/// True when all `count` values are finite: the largest magnitude bit pattern (a max-reduction,
/// which vectorises) stays below the all-ones exponent of inf and NaN.
func allFinite(_ p: UnsafePointer<Float>, _ count: Int) -> Bool {
    let bits = UnsafeRawPointer(p).assumingMemoryBound(to: UInt32.self)
    var m: UInt32 = 0
    for k in 0..<count { m = max(m, bits[k] & 0x7FFF_FFFF) }
    return m < 0x7F80_0000
}

/// Σ (a[i] − b[i])² as Double.
func sumSquaredDiff(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Double {
    var s: Float = 0
    for i in 0..<count { let d = a[i] - b[i]; s += d * d }
    return Double(s)
}
