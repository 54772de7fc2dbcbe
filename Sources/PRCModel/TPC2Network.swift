import COpenBLAS
import PRCCore

/// Two-layer temporal predictive coding (Tang, Barron & Bogacz 2023). Hidden state z with prior
/// ẑ^t = W_r f(z^{t−1}) + b_r and frame prediction x̂ = W_out f(z) + b_out. Each frame: z starts at ẑ^t
/// and takes T = `inferenceSteps` gradient steps of size `inferenceRate` on
/// F = ½‖z − ẑ^t‖² + ½‖x^t − W_out f(z) − b_out‖², then the local rules ΔW_r = lr_r ε_z f(z^{t−1})ᵀ,
/// ΔW_out = lr_g ε_x f(z)ᵀ (biases alike). At t = 1 the previous state is z = 0. Recall: z¹ is inferred
/// from the cue frame the same way (no update), then z^{t+1} = ẑ and frames are W_out f(z) + b_out.
final class TPC2Network: SequenceNetwork {
    static let tensorNames = ["Wr", "br", "Wout", "bout"]
    let visible: Int
    let hidden: Int
    let capacity: Int
    let config: ModelConfig
    let params: ParameterBlock
    let f: Activation
    var stateWidth: Int { hidden }
    private let zero, zhat, fz, fprev, ex, ez, back: UnsafeMutablePointer<Float>

    /// Allocates an H-unit network over V visible units for up to `batch` rows per step.
    init(config: ModelConfig, visible: Int, batch: Int) {
        self.config = config; self.visible = visible; hidden = config.hidden; capacity = max(1, batch)
        params = ParameterBlock(names: TPC2Network.tensorNames,
                                shapes: [[config.hidden, config.hidden], [config.hidden], [visible, config.hidden], [visible]])
        f = config.tpcActivation == "linear" ? .linear : .tanh
        let rh = capacity * hidden, rv = capacity * visible
        zero = .allocate(capacity: rh); zero.initialize(repeating: 0, count: rh)
        zhat = .allocate(capacity: rh); fz = .allocate(capacity: rh); fprev = .allocate(capacity: rh)
        ez = .allocate(capacity: rh); back = .allocate(capacity: rh); ex = .allocate(capacity: rv)
    }

    deinit { for p in [zero, zhat, fz, fprev, ex, ez, back] { p.deallocate() } }

    /// Nothing is deferred in this network.
    func flush() {}

    /// Uniform [-a, a] initialisation of W_r, W_out (and biases when on) from `seed`.
    func initialise(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let a = Float(config.initScale)
        params.fillUniform(0, scale: a, rng: &rng)
        params.fillUniform(2, scale: a, rng: &rng)
        if config.bias { params.fillUniform(1, scale: a, rng: &rng); params.fillUniform(3, scale: a, rng: &rng) }
    }

    private var rBias: UnsafePointer<Float>? { config.bias ? UnsafePointer(params.ptr(1)) : nil }
    private var outBias: UnsafePointer<Float>? { config.bias ? UnsafePointer(params.ptr(3)) : nil }

    /// f of `rows` states into `out`.
    private func act(_ z: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(from: z, count: rows * hidden)
        f.apply(out, rows: rows, width: hidden, bias: nil)
    }

    /// The prior ẑ = W_r f(z) + b_r of `rows` states into `out` (uses `fprev` as scratch for f(z)).
    func predict(_ z: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        act(z, rows: rows, into: fprev)
        BLAS.gemmNT(rows, hidden, hidden, fprev, hidden, params.ptr(0), hidden, out, hidden)
        Activation.linear.apply(out, rows: rows, width: hidden, bias: rBias)
    }

    /// The frame W_out f(z) + b_out of `rows` states into `out` (uses `fz` as scratch).
    func decode(_ z: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        act(z, rows: rows, into: fz)
        BLAS.gemmNT(rows, visible, hidden, fz, hidden, params.ptr(2), hidden, out, visible)
        Activation.linear.apply(out, rows: rows, width: visible, bias: outBias)
    }

    /// Infers z for frames `x` given the prior `zhat` (rows×H), starting from z = ẑ; leaves ε_x, f(z) and
    /// ε_z = z − ẑ of the final z in `ex`, `fz`, `ez`.
    private func infer(_ x: UnsafePointer<Float>, rows b: Int, into z: UnsafeMutablePointer<Float>) {
        let h = hidden, v = visible, bh = b * h, bv = b * v
        let rate = Float(config.inferenceRate)
        z.update(from: zhat, count: bh)
        for k in 0...config.inferenceSteps {
            decode(z, rows: b, into: ex)
            for i in 0..<bv { ex[i] = x[i] - ex[i] }
            if k == config.inferenceSteps { break }
            // back = (ε_x W_out) ⊙ f'(z); z −= rate (z − ẑ − back)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(b), Int32(h), Int32(v), 1,
                        ex, Int32(v), params.ptr(2), Int32(h), 0, back, Int32(h))
            f.multiplyDerivative(back, output: fz, count: bh)
            for i in 0..<bh { z[i] -= rate * (z[i] - zhat[i] - back[i]) }
        }
        for i in 0..<bh { ez[i] = z[i] - zhat[i] }
    }

    /// The first state: z inferred from the cue frames with the prior of z = 0 (weights unchanged).
    func encode(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        predict(zero, rows: rows, into: zhat)
        infer(x, rows: rows, into: out)
    }

    /// One step: prior from the previous state (0 at t = 1), inference, then the two local rules.
    func step(x: UnsafePointer<Float>, prev: UnsafePointer<Float>?, rows b: Int, rules: StepRules,
              state: UnsafeMutablePointer<Float>, errors: inout StepErrors) {
        precondition(b >= 1 && b <= capacity, "step rows \(b) outside 1…\(capacity)")
        let h = hidden, v = visible
        predict(prev ?? UnsafePointer(zero), rows: b, into: zhat)     // leaves f(z^{t−1}) in fprev
        infer(x, rows: b, into: state)                                // leaves ε_x, f(z), ε_z
        errors.reconstruction += sumSquaredOf(ex, b * v)
        errors.prediction += sumSquaredOf(ez, b * h)
        errors.predictionRows += b
        let scale: Float = config.reduce == .mean ? 1 / Float(b) : 1
        if rules.recurrent {
            let eps = Float(config.lrR) * scale
            BLAS.addOuterTN(h, h, b, eps, ez, h, fprev, h, params.ptr(0), h)
            if config.bias { BLAS.addColumnSums(ez, rows: b, width: h, alpha: eps, into: params.ptr(1)) }
        }
        if rules.autoencoder {
            let eps = Float(config.lrG) * scale
            BLAS.addOuterTN(v, h, b, eps, ex, v, fz, h, params.ptr(2), h)
            if config.bias { BLAS.addColumnSums(ex, rows: b, width: v, alpha: eps, into: params.ptr(3)) }
        }
    }
}
