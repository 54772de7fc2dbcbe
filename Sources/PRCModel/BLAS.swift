import COpenBLAS
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A unit nonlinearity: logistic sigmoid, tanh (hidden, research) or identity (visible, research).
public enum Activation: Sendable, Equatable {
    case sigmoid, tanh, linear

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
enum BLAS {
    /// C (m×n) = alpha · A (m×k) · Bᵀ (B is n×k) + beta · C.
    static func gemmNT(_ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                       _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
                       _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        if m == 1 {
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), alpha, b, Int32(ldb), a, 1, beta, c, 1)
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), alpha,
                        a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }

    /// C (m×n) += alpha · Aᵀ · B where A is k×m and B is k×n (a sum of k outer products).
    static func addOuterTN(_ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                           _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        if k == 1 {
            cblas_sger(CblasRowMajor, Int32(m), Int32(n), alpha, a, 1, b, 1, c, Int32(ldc))
        } else {
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
                        a, Int32(lda), b, Int32(ldb), 1, c, Int32(ldc))
        }
    }

    /// out[j] += alpha · Σ_r a[r·width + j]: the column sums of a rows×width block (bias deltas).
    static func addColumnSums(_ a: UnsafePointer<Float>, rows: Int, width: Int, alpha: Float,
                              into out: UnsafeMutablePointer<Float>) {
        if rows == 1 {
            cblas_saxpy(Int32(width), alpha, a, 1, out, 1)
            return
        }
        for r in 0..<rows { cblas_saxpy(Int32(width), alpha, a + r * width, 1, out, 1) }
    }

    /// Sets the OpenBLAS thread pool size (results do not depend on it).
    static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}

/// Sets how many threads OpenBLAS may use; weights are bitwise the same for any count.
public func setBLASThreads(_ n: Int) { BLAS.setThreads(max(1, n)) }

/// True when all `count` values are finite.
func allFinite(_ p: UnsafePointer<Float>, _ count: Int) -> Bool {
    var acc: Float = 0
    for i in 0..<count { acc += p[i] * 0 }   // NaN or ±inf turns the product into NaN
    return !acc.isNaN
}

/// Σ (a[i] − b[i])² as Double.
func sumSquaredDiff(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Double {
    var s: Float = 0
    for i in 0..<count { let d = a[i] - b[i]; s += d * d }
    return Double(s)
}
