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

/// Thin row-major wrappers over CBLAS; one row (m or k = 1) goes through level-2 routines.
/// Determinism: OpenBLAS runs single-threaded and each product is cut into fixed blocks of output
/// rows (`block`), whatever the worker count, so every value comes from the same kernel call with
/// the same shapes; blocks may run on several threads (`workers`), results are bitwise the same.
enum BLAS {
    /// Output rows (of the weight matrix) per block.
    static let block = 32
    /// Below this many multiply-adds a product runs on the calling thread.
    static let parallelWork = 1 << 21
    nonisolated(unsafe) static var workers = processorCount()
    private static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    /// Runs `body(b)` for every block b of `rows` output rows, in parallel when the work is large.
    private static func blocks(_ rows: Int, work: Int, _ body: @escaping @Sendable (Int, Int) -> Void) {
        _ = singleThreaded
        let count = (rows + block - 1) / block
        if count <= 1 || workers <= 1 || work < parallelWork {
            for b in 0..<count { body(b * block, min(block, rows - b * block)) }
        } else {
            parallelFor(count, threads: workers) { b in body(b * block, min(block, rows - b * block)) }
        }
    }

    /// C (m×n) = alpha · A (m×k) · Bᵀ (B is n×k) + beta · C, blocked over n.
    static func gemmNT(_ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                       _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
                       _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        let pa = UnsafeSendable(a), pb = UnsafeSendable(b), pc = UnsafeSendable(c)
        blocks(n, work: m * n * k) { n0, nb in
            if m == 1 {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(nb), Int32(k), alpha, pb.value + n0 * ldb, Int32(ldb),
                            pa.value, 1, beta, pc.value + n0, 1)
            } else {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(nb), Int32(k), alpha,
                            pa.value, Int32(lda), pb.value + n0 * ldb, Int32(ldb), beta, pc.value + n0, Int32(ldc))
            }
        }
    }

    /// C (m×n) += alpha · Aᵀ · B where A is k×m and B is k×n (a sum of k outer products), blocked over m.
    static func addOuterTN(_ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                           _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        let u = PendingUpdate(rows: k, alpha: alpha, d: a, ldd: lda, p: b, ldp: ldb)
        let pc = UnsafeSendable(c)
        blocks(m, work: m * n * k) { m0, mb in u.apply(rowsOfW: m0, count: mb, width: n, w: pc.value, ldw: ldc) }
    }

    /// The fused pass: for each block of rows of W (n×k), first W += pending update, then
    /// C[:, block] = A (m×k) · W[block]ᵀ — one sweep over W instead of two. Each block makes exactly
    /// the calls `addOuterTN` and `gemmNT` make for it, so results equal the unfused path bit for bit.
    static func updateThenGemmNT(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                                 _ w: UnsafeMutablePointer<Float>, _ ldw: Int,
                                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int, pending: PendingUpdate?) {
        guard let u = pending else { gemmNT(m, n, k, 1, a, lda, w, ldw, 0, c, ldc); return }
        let pa = UnsafeSendable(a), pw = UnsafeSendable(w), pc = UnsafeSendable(c)
        blocks(n, work: (m + u.rows) * n * k) { n0, nb in
            u.apply(rowsOfW: n0, count: nb, width: k, w: pw.value, ldw: ldw)
            let wb = UnsafePointer(pw.value) + n0 * ldw
            if m == 1 {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(nb), Int32(k), 1, wb, Int32(ldw), pa.value, 1, 0, pc.value + n0, 1)
            } else {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(nb), Int32(k), 1,
                            pa.value, Int32(lda), wb, Int32(ldw), 0, pc.value + n0, Int32(ldc))
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

    /// Applies the update to rows r0..<r0+count of W (width columns, leading dimension ldw).
    func apply(rowsOfW r0: Int, count: Int, width: Int, w: UnsafeMutablePointer<Float>, ldw: Int) {
        if rows == 1 {
            cblas_sger(CblasRowMajor, Int32(count), Int32(width), alpha, d + r0, 1, p, 1, w + r0 * ldw, Int32(ldw))
        } else {
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(count), Int32(width), Int32(rows), alpha,
                        d + r0, Int32(ldd), p, Int32(ldp), 1, w + r0 * ldw, Int32(ldw))
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
