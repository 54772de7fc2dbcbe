import PRCCore

/// Single-layer temporal predictive coding (Tang, Barron & Bogacz 2023): x̂^t = W f(x^{t−1}) + b,
/// ε = x^t − x̂^t, ΔW = lr_r ε f(x^{t−1})ᵀ, Δb = lr_r ε (teacher forcing: the presynaptic term is the
/// data frame). f is tanh or the identity (`tpcActivation`); the state carried between frames is the
/// visible frame itself, so recall is x^{t+1} = W f(x^t) + b from the first frame, unclipped.
final class TPC1Network: SequenceNetwork {
    static let tensorNames = ["W", "b"]
    let visible: Int
    let capacity: Int
    let config: ModelConfig
    let params: ParameterBlock
    let f: Activation
    var stateWidth: Int { visible }
    private let fx, e, out: UnsafeMutablePointer<Float>

    /// Allocates a V×V network for up to `batch` rows per step; weights start at zero.
    init(config: ModelConfig, visible: Int, batch: Int) {
        self.config = config; self.visible = visible; capacity = max(1, batch)
        params = ParameterBlock(names: TPC1Network.tensorNames, shapes: [[visible, visible], [visible]])
        f = config.tpcActivation == "linear" ? .linear : .tanh
        fx = .allocate(capacity: capacity * visible)
        e = .allocate(capacity: capacity * visible)
        out = .allocate(capacity: capacity * visible)
    }

    deinit { fx.deallocate(); e.deallocate(); out.deallocate() }

    /// Nothing is deferred in this network.
    func flush() {}

    /// Uniform [-a, a] initialisation of W (and b when biases are on) from `seed`.
    func initialise(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let a = Float(config.initScale)
        params.fillUniform(0, scale: a, rng: &rng)
        if config.bias { params.fillUniform(1, scale: a, rng: &rng) }
    }

    /// f of `rows` frames into the scratch `fx`.
    private func presynaptic(_ x: UnsafePointer<Float>, rows: Int) {
        fx.update(from: x, count: rows * visible)
        f.apply(fx, rows: rows, width: visible, bias: nil)
    }

    /// Predicted next frames W f(x) + b of `rows` frames into `y` (rows×V).
    func predict(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        precondition(rows >= 1 && rows <= capacity, "predict rows \(rows) outside 1…\(capacity)")
        presynaptic(x, rows: rows)
        BLAS.gemmNT(rows, visible, visible, fx, visible, params.ptr(0), visible, y, visible)
        if config.bias { Activation.linear.apply(y, rows: rows, width: visible, bias: UnsafePointer(params.ptr(1))) }
    }

    /// One step: predict x^t from f(x^{t−1}), then apply the local rule; the state is the frame itself.
    func step(x: UnsafePointer<Float>, prev: UnsafePointer<Float>?, rows b: Int, rules: StepRules,
              state: UnsafeMutablePointer<Float>, errors: inout StepErrors) {
        precondition(b >= 1 && b <= capacity, "step rows \(b) outside 1…\(capacity)")
        let v = visible, bv = b * v
        if let xp = prev {
            predict(xp, rows: b, into: out)          // leaves f(x^{t−1}) in fx
            for i in 0..<bv { e[i] = x[i] - out[i] }
            errors.prediction += sumSquaredOf(e, bv)
            errors.predictionRows += b
            if rules.recurrent {
                let scale: Float = config.reduce == .mean ? 1 / Float(b) : 1
                let eps = Float(config.lrR) * scale
                BLAS.addOuterTN(v, v, b, eps, e, v, fx, v, params.ptr(0), v)
                if config.bias { BLAS.addColumnSums(e, rows: b, width: v, alpha: eps, into: params.ptr(1)) }
            }
        }
        state.update(from: x, count: bv)
    }
}
