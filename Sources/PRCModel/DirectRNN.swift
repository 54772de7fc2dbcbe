import PRCCore

/// The visible-space local RNN baseline: x̂^t = act(W x^{t−1} + b), ΔW = ε (x^t − x̂^t) x^{t−1}ᵀ.
/// Its rate is `lrR`; with `recurrentDeriv` the error is multiplied by the activation's derivative.
final class DirectRNN: SequenceNetwork {
    static let tensorNames = ["W", "b"]
    let visible: Int
    let capacity: Int
    let config: ModelConfig
    let params: ParameterBlock
    let vAct: Activation
    var stateWidth: Int { visible }
    private let e, out: UnsafeMutablePointer<Float>

    /// Allocates a V×V network for up to `batch` rows per step; weights start at zero.
    init(config: ModelConfig, visible: Int, batch: Int) {
        self.config = config; self.visible = visible; capacity = max(1, batch)
        params = ParameterBlock(names: DirectRNN.tensorNames, shapes: [[visible, visible], [visible]])
        vAct = Activation(visible: config.visibleActivation) ?? .sigmoid
        e = .allocate(capacity: capacity * visible)
        out = .allocate(capacity: capacity * visible)
    }

    deinit { e.deallocate(); out.deallocate() }

    /// Nothing is deferred in this network.
    func flush() {}

    /// Uniform [-a, a] initialisation of W (and b when biases are on) from `seed`.
    func initialise(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let a = Float(config.initScale)
        params.fillUniform(0, scale: a, rng: &rng)
        if config.bias { params.fillUniform(1, scale: a, rng: &rng) }
    }

    /// Next frames act(W x + b) of `rows` frames into `out` (rows×V).
    func advance(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        BLAS.gemmNT(rows, visible, visible, x, visible, params.ptr(0), visible, y, visible)
        vAct.apply(y, rows: rows, width: visible, bias: config.bias ? UnsafePointer(params.ptr(1)) : nil)
    }

    /// One step: predict x^t from x^{t−1} and apply the local rule; the state is the frame itself.
    func step(x: UnsafePointer<Float>, prev: UnsafePointer<Float>?, rows b: Int, rules: StepRules,
              state: UnsafeMutablePointer<Float>, errors: inout StepErrors) {
        precondition(b >= 1 && b <= capacity, "step rows \(b) outside 1…\(capacity)")
        let v = visible, bv = b * v
        if let xp = prev {
            advance(xp, rows: b, into: out)
            for i in 0..<bv { e[i] = x[i] - out[i] }
            let sse = sumSquaredOf(e, bv)
            errors.prediction += sse
            errors.predictionRows += b
            if rules.recurrent {
                if config.recurrentDeriv { vAct.multiplyDerivative(e, output: out, count: bv) }
                let scale: Float = config.reduce == .mean ? 1 / Float(b) : 1
                let eps = Float(config.lrR) * scale
                BLAS.addOuterTN(v, v, b, eps, e, v, xp, v, params.ptr(0), v)
                if config.bias { BLAS.addColumnSums(e, rows: b, width: v, alpha: eps, into: params.ptr(1)) }
            }
        }
        state.update(from: x, count: bv)
    }
}
