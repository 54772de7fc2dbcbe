import COpenBLAS
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import PRCCore

/// Separation function of an asymmetric Hopfield network applied to the scores s_μ = ⟨k_μ, q⟩.
public enum Separation: Sendable, Equatable {
    /// w_μ = s_μ (the classical asymmetric Hopfield network, W = Σ_μ v_μ k_μᵀ).
    case identity
    /// w_μ = s_μ^d, unnormalised (as in the published MAHN code).
    case polynomial(degree: Int)
    /// w = softmax(β s).
    case softmax(beta: Double)

    /// Parses "identity", "poly:D" (D ≥ 1) or "softmax:BETA" (BETA finite, > 0).
    public init(parsing text: String) throws {
        if text == "identity" { self = .identity; return }
        if text.hasPrefix("poly:"), let d = Int(text.dropFirst(5)), d >= 1 { self = .polynomial(degree: d); return }
        if text.hasPrefix("softmax:"), let b = Double(text.dropFirst(8)), b.isFinite, b > 0 { self = .softmax(beta: b); return }
        throw ConfigError.invalid(field: "separation", expected: "identity, poly:D (D ≥ 1) or softmax:BETA (BETA > 0)", found: text)
    }

    /// Replaces the `count` scores at `s` by their weights.
    func apply(_ s: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity: break
        case .polynomial(let d):
            for i in 0..<count { s[i] = powf(s[i], Float(d)) }
        case .softmax(let beta):
            guard count > 0 else { return }
            let b = Float(beta)
            var m = -Float.infinity
            for i in 0..<count { m = max(m, b * s[i]) }
            var sum: Float = 0
            for i in 0..<count { s[i] = expf(b * s[i] - m); sum += s[i] }
            for i in 0..<count { s[i] /= sum }
        }
    }
}

/// Asymmetric Hopfield sequence memory (ahn: identity separation; mahn: `config.separation`).
/// "Training" stores each transition x^{t−1} → x^t of the data as a key/value row (P rows in all,
/// the first pass fills them; later epochs change nothing). Recall: y = Σ_μ w_μ(q) v_μ with
/// w = sep(K q), a lookup from the current frame; the state is the visible frame, unclipped.
final class HopfieldSequenceMemory: SequenceNetwork {
    static let tensorNames = ["keys", "values"]
    let visible: Int
    let patterns: Int
    let capacity: Int
    let config: ModelConfig
    let separation: Separation
    let params: ParameterBlock
    var stateWidth: Int { visible }
    /// Transitions stored so far (up to `patterns`).
    private(set) var stored = 0
    private let scores, out: UnsafeMutablePointer<Float>

    /// Allocates room for `patterns` transitions of V values and `batch` query rows.
    init(config: ModelConfig, visible: Int, batch: Int, patterns: Int) {
        self.config = config; self.visible = visible; self.patterns = max(0, patterns); capacity = max(1, batch)
        separation = config.model == .ahn ? .identity : ((try? Separation(parsing: config.separation)) ?? .identity)
        params = ParameterBlock(names: HopfieldSequenceMemory.tensorNames,
                                shapes: [[self.patterns, visible], [self.patterns, visible]])
        scores = .allocate(capacity: capacity * max(1, self.patterns))
        out = .allocate(capacity: capacity * visible)
    }

    deinit { scores.deallocate(); out.deallocate() }

    /// Nothing is deferred.
    func flush() {}

    /// The memory starts empty: nothing to initialise.
    func initialise(seed: UInt64) {}

    /// y = sep(q Kᵀ) V for `rows` queries (rows×V) into `y`; an empty memory recalls zeros.
    func predict(_ q: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        precondition(rows >= 1 && rows <= capacity, "predict rows \(rows) outside 1…\(capacity)")
        let p = patterns, v = visible
        guard p > 0 else { y.initialize(repeating: 0, count: rows * v); return }
        BLAS.gemmNT(rows, p, v, q, v, params.ptr(0), v, scores, p)
        for r in 0..<rows { separation.apply(scores + r * p, count: p) }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(v), Int32(p), 1,
                    scores, Int32(p), params.ptr(1), Int32(v), 0, y, Int32(v))
    }

    /// Stores the transitions prev → x of `rows` rows while room is left, then records the one-step
    /// lookup error of the memory as it stands (teacher-forced); the state is the frame itself.
    func step(x: UnsafePointer<Float>, prev: UnsafePointer<Float>?, rows b: Int, rules: StepRules,
              state: UnsafeMutablePointer<Float>, errors: inout StepErrors) {
        precondition(b >= 1 && b <= capacity, "step rows \(b) outside 1…\(capacity)")
        let v = visible
        if let xp = prev {
            for r in 0..<b where stored < patterns {
                (params.ptr(0) + stored * v).update(from: xp + r * v, count: v)
                (params.ptr(1) + stored * v).update(from: x + r * v, count: v)
                stored += 1
            }
            predict(xp, rows: b, into: out)
            errors.prediction += sumSquaredDiff(x, out, b * v)
            errors.predictionRows += b
        }
        state.update(from: x, count: b * v)
    }
}
