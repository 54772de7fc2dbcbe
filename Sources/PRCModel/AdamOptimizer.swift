import Foundation
import PRCCore

/// How a training step's weight change is applied: the local rule's delta as is, or through Adam.
public enum Optimizer: String, Codable, Sendable, CaseIterable {
    /// Plain SGD: the local rule's delta (default).
    case sgd
    /// Adam (β1 0.9, β2 0.999, ε 1e-8) on the rule's direction, step size the tensor's own rate.
    case adam
}

/// Adam over a network's parameters, driven by the local rules: after each step, the rule's delta
/// Δ = ruleRate · g of each tensor gives the direction g = Δ / ruleRate (the negative gradient the rule
/// follows); the step taken is rate · m̂ / (√v̂ + ε) instead of Δ. Tensors whose rate is 0 stay fixed.
/// The trainer runs the rules at ruleRate 1 so that g is read back without rounding.
final class AdamOptimizer {
    static let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
    let rates: [Float]
    let ruleRates: [Float]
    let before: ParameterBlock
    private let m, v: UnsafeMutablePointer<Float>
    private(set) var steps = 0

    /// Moments start at zero for a block laid out like `params`; `rates` (Adam's step sizes) and
    /// `ruleRates` (the rates the rules ran at; default the same) have one entry per tensor.
    init(like params: ParameterBlock, rates: [Double], ruleRates: [Double]? = nil) {
        precondition(rates.count == params.names.count && (ruleRates?.count ?? rates.count) == rates.count, "one rate per tensor")
        self.rates = rates.map(Float.init)
        self.ruleRates = (ruleRates ?? rates).map(Float.init)
        before = params.clone()
        m = .allocate(capacity: max(1, params.total)); m.initialize(repeating: 0, count: max(1, params.total))
        v = .allocate(capacity: max(1, params.total)); v.initialize(repeating: 0, count: max(1, params.total))
    }

    deinit { m.deallocate(); v.deallocate() }

    /// Records the weights before a step.
    func snapshot(_ params: ParameterBlock) { before.copy(from: params) }

    /// Replaces the step's delta (params − snapshot) by the Adam step from the snapshot.
    func apply(to params: ParameterBlock) {
        steps += 1
        let c1 = 1 - powf(Self.beta1, Float(steps)), c2 = 1 - powf(Self.beta2, Float(steps))
        for i in params.names.indices {
            let w = params.ptr(i), w0 = before.ptr(i), mi = m + params.offsets[i], vi = v + params.offsets[i]
            let rate = rates[i], ruleRate = ruleRates[i], n = params.count(i)
            guard rate != 0, ruleRate != 0 else { w.update(from: w0, count: n); continue }
            for k in 0..<n {
                let g = (w[k] - w0[k]) / ruleRate
                mi[k] = Self.beta1 * mi[k] + (1 - Self.beta1) * g
                vi[k] = Self.beta2 * vi[k] + (1 - Self.beta2) * g * g
                w[k] = w0[k] + rate * (mi[k] / c1) / ((vi[k] / c2).squareRoot() + Self.epsilon)
            }
        }
    }
}

extension ModelConfig {
    /// The same config with every learning rate 1 (the rules' raw direction, for Adam).
    func withUnitRates() -> ModelConfig {
        var c = self
        c.lrF = 1; c.lrG = 1; c.lrR = 1
        return c
    }
}

/// The learning rate of each tensor of `config.model`, in `expectedTensors` order.
func tensorRates(_ config: ModelConfig) -> [Double] {
    switch config.model {
    case .prc: return [config.lrF, config.lrF, config.lrG, config.lrG, config.lrR, config.lrR]
    case .direct, .tpc1: return [config.lrR, config.lrR]
    case .tpc2: return [config.lrR, config.lrR, config.lrG, config.lrG]
    case .ahn, .mahn: return [0, 0]
    }
}
