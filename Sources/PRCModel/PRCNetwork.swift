import PRCCore

/// Squared-error sums of one training step (for epoch records).
struct StepErrors {
    /// Σ over rows and visible units of (x − r)² (raw reconstruction r).
    var reconstruction: Double = 0
    /// Σ over rows and units of the prediction error (hidden for prc, visible for direct).
    var prediction: Double = 0
    /// Rows that contributed a prediction.
    var predictionRows: Int = 0
}

/// What one step may change.
struct StepRules {
    /// Apply the decoder and encoder rules.
    var autoencoder: Bool
    /// Apply the recurrent rule (when a previous code exists).
    var recurrent: Bool
}

/// A network the trainer can step: frames in, a state (code) out that feeds the next frame's step.
protocol SequenceNetwork: AnyObject {
    /// Visible size V.
    var visible: Int { get }
    /// Width of the state carried between frames (H for prc, V for direct).
    var stateWidth: Int { get }
    /// The weights (call `flush()` before reading them).
    var params: ParameterBlock { get }
    /// Applies any weight update the fused path has deferred.
    func flush()
    /// One step on `rows` frames `x` (rows×V) with previous states `prev` (rows×stateWidth, nil at t = 1);
    /// writes the new states into `state`; computes all deltas from the current weights, then applies them.
    func step(x: UnsafePointer<Float>, prev: UnsafePointer<Float>?, rows: Int, rules: StepRules,
              state: UnsafeMutablePointer<Float>, errors: inout StepErrors)
}

/// The PRC network: encoder Wf/bf, decoder Wg/bg, recurrent predictor Wr/br, with scratch for B rows.
final class PRCNetwork: SequenceNetwork {
    static let tensorNames = ["Wf", "bf", "Wg", "bg", "Wr", "br"]
    let visible: Int
    let hidden: Int
    let capacity: Int
    let config: ModelConfig
    let params: ParameterBlock
    let hAct: Activation
    let vAct: Activation
    var stateWidth: Int { hidden }
    /// Fold each Wf/Wg update into the next step's first product on that matrix (bitwise the same).
    var fused = true
    private let r, dx, h2, dh, p: UnsafeMutablePointer<Float>
    // Operands of the deferred updates of the fused path, and the updates themselves.
    private let pdh, ppre, pdx, ph: UnsafeMutablePointer<Float>
    private var pendingF: PendingUpdate?, pendingG: PendingUpdate?

    /// Allocates a network for V visible units and up to `batch` rows per step; weights start at zero.
    init(config: ModelConfig, visible: Int, batch: Int) {
        self.config = config; self.visible = visible; hidden = config.hidden; capacity = max(1, batch)
        let v = visible, h = config.hidden
        params = ParameterBlock(names: PRCNetwork.tensorNames, shapes: [[h, v], [h], [v, h], [v], [h, h], [h]])
        hAct = Activation(hidden: config.hiddenActivation) ?? .sigmoid
        vAct = Activation(visible: config.visibleActivation) ?? .sigmoid
        r = .allocate(capacity: capacity * v); dx = .allocate(capacity: capacity * v)
        h2 = .allocate(capacity: capacity * h); dh = .allocate(capacity: capacity * h)
        p = .allocate(capacity: capacity * h)
        pdh = .allocate(capacity: capacity * h); ppre = .allocate(capacity: capacity * v)
        pdx = .allocate(capacity: capacity * v); ph = .allocate(capacity: capacity * h)
    }

    deinit { for b in [r, dx, h2, dh, p, pdh, ppre, pdx, ph] { b.deallocate() } }

    /// Applies deferred Wf and Wg updates (same block calls as the fused pass would make).
    func flush() {
        pendingF?.apply(to: params.ptr(0), rows: hidden, width: visible, ldw: visible)
        pendingG?.apply(to: params.ptr(2), rows: visible, width: hidden, ldw: hidden)
        pendingF = nil; pendingG = nil
    }

    /// Uniform [-a, a] initialisation of weights (and biases when on), in tensor order, from `seed`.
    func initialise(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let a = Float(config.initScale)
        for i in 0..<6 where i % 2 == 0 || config.bias { params.fillUniform(i, scale: a, rng: &rng) }
    }

    /// Codes h = act(Wf x + bf) of `rows` frames into `out` (rows×H).
    func encode(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        BLAS.gemmNT(rows, hidden, visible, x, visible, params.ptr(0), visible, out, hidden)
        hAct.apply(out, rows: rows, width: hidden, bias: config.bias ? UnsafePointer(params.ptr(1)) : nil)
    }

    /// Reconstructions act(Wg h + bg) of `rows` codes into `out` (rows×V).
    func decode(_ h: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        BLAS.gemmNT(rows, visible, hidden, h, hidden, params.ptr(2), hidden, out, visible)
        vAct.apply(out, rows: rows, width: visible, bias: config.bias ? UnsafePointer(params.ptr(3)) : nil)
    }

    /// Predictions act(Wr h + br) of `rows` codes into `out` (rows×H).
    func predict(_ h: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        BLAS.gemmNT(rows, hidden, hidden, h, hidden, params.ptr(4), hidden, out, hidden)
        hAct.apply(out, rows: rows, width: hidden, bias: config.bias ? UnsafePointer(params.ptr(5)) : nil)
    }

    /// The combined learning procedure of model.md on `rows` frames; `fused` defers the Wf/Wg updates
    /// into the next step's first pass over each matrix, otherwise this is the plain reference path.
    func step(x: UnsafePointer<Float>, prev: UnsafePointer<Float>?, rows b: Int, rules: StepRules,
              state hm: UnsafeMutablePointer<Float>, errors: inout StepErrors) {
        precondition(b >= 1 && b <= capacity, "step rows \(b) outside 1…\(capacity)")
        let v = visible, h = hidden, bv = b * v, bh = b * h
        let lv = Float(config.lambdaV), lh = Float(config.lambdaH)
        // Forward passes, all from the pre-step weights (the fused path first applies last step's updates).
        if fused {
            BLAS.updateThenGemmNT(b, h, v, x, v, params.ptr(0), v, hm, h, pending: pendingF)
            hAct.apply(hm, rows: b, width: h, bias: config.bias ? UnsafePointer(params.ptr(1)) : nil)
            BLAS.updateThenGemmNT(b, v, h, hm, h, params.ptr(2), h, r, v, pending: pendingG)
            vAct.apply(r, rows: b, width: v, bias: config.bias ? UnsafePointer(params.ptr(3)) : nil)
            pendingF = nil; pendingG = nil
        } else {
            encode(x, rows: b, into: hm)
            decode(hm, rows: b, into: r)
        }
        errors.reconstruction += sumSquaredDiff(x, r, bv)
        if rules.autoencoder {
            // r becomes x̂ = λv x + (1 − λv) r; dx = x − x̂.
            for i in 0..<bv { let xh = lv * x[i] + (1 - lv) * r[i]; r[i] = xh; dx[i] = x[i] - xh }
            encode(r, rows: b, into: h2)
            // dh = h − ĥ = h − (λh h + (1 − λh) h2) = (1 − λh)(h − h2).
            for i in 0..<bh { dh[i] = (1 - lh) * (hm[i] - h2[i]) }
        }
        var recurrent = false
        if let hp = prev {
            predict(hp, rows: b, into: p)
            for i in 0..<bh { p[i] = hm[i] - p[i] }          // p now holds the error h − p
            errors.prediction += sumSquaredOf(p, bh)
            errors.predictionRows += b
            if rules.recurrent {
                recurrent = true
                if config.recurrentDeriv {
                    // σ'(net) from the output p = h − e.
                    for i in 0..<bh { let out = hm[i] - p[i]; h2[i] = out }
                    hAct.multiplyDerivative(p, output: h2, count: bh)
                }
            }
        }
        // Updates.
        let scale: Float = config.reduce == .mean ? 1 / Float(b) : 1
        if rules.autoencoder {
            let eg = Float(config.lrG) * scale, ef = Float(config.lrF) * scale
            let pre = config.presyn == .regressed ? UnsafePointer(r) : x
            if fused {
                pdx.update(from: dx, count: bv); ph.update(from: hm, count: bh)
                pdh.update(from: dh, count: bh); ppre.update(from: pre, count: bv)
                pendingG = PendingUpdate(rows: b, alpha: eg, d: pdx, ldd: v, p: ph, ldp: h)
                pendingF = PendingUpdate(rows: b, alpha: ef, d: pdh, ldd: h, p: ppre, ldp: v)
            } else {
                BLAS.addOuterTN(v, h, b, eg, dx, v, hm, h, params.ptr(2), h)
                BLAS.addOuterTN(h, v, b, ef, dh, h, pre, v, params.ptr(0), v)
            }
            if config.bias {
                BLAS.addColumnSums(dx, rows: b, width: v, alpha: eg, into: params.ptr(3))
                BLAS.addColumnSums(dh, rows: b, width: h, alpha: ef, into: params.ptr(1))
            }
        }
        if recurrent, let hp = prev {
            let er = Float(config.lrR) * scale
            BLAS.addOuterTN(h, h, b, er, p, h, hp, h, params.ptr(4), h)
            if config.bias { BLAS.addColumnSums(p, rows: b, width: h, alpha: er, into: params.ptr(5)) }
        }
    }
}

/// Σ a[i]² as Double.
func sumSquaredOf(_ a: UnsafePointer<Float>, _ count: Int) -> Double {
    var s: Float = 0
    for i in 0..<count { s += a[i] * a[i] }
    return Double(s)
}
