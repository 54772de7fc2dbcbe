import Foundation
import PRCCore

/// Which network a run trains: PRC, the visible-space RNN, or a baseline (tPC, asymmetric Hopfield).
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    case prc, direct, tpc1, tpc2, ahn, mahn

    /// True when the state carried between frames is the visible frame itself (codes are frames).
    public var isVisibleSpace: Bool { self != .prc && self != .tpc2 }

    /// True for the models that store their training transitions instead of learning weights.
    public var isStoreOnly: Bool { self == .ahn || self == .mahn }
}

/// How the deltas of the B frames of one batch step are combined into one update.
public enum Reduction: String, Codable, Sendable { case sum, mean }

/// Presynaptic term of the encoder rule: the regressed reconstruction x̂ or the data x.
public enum Presyn: String, Codable, Sendable { case regressed, data }

/// Training schedule: all rules every step, or the autoencoder first and the predictor on frozen codes.
public enum Schedule: Codable, Sendable, Equatable {
    /// All three rules on every step.
    case joint
    /// Autoencoder alone for `autoencoderEpochs` epochs, then the recurrent rule on frozen codes.
    case twoPhase(autoencoderEpochs: Int)

    /// Parses "joint" or "two-phase:N" (N ≥ 0).
    public init(parsing text: String) throws {
        if text == "joint" { self = .joint; return }
        if text.hasPrefix("two-phase:"), let n = Int(text.dropFirst("two-phase:".count)), n >= 0 {
            self = .twoPhase(autoencoderEpochs: n); return
        }
        throw ConfigError.invalid(field: "schedule", expected: "joint or two-phase:N with N ≥ 0", found: text)
    }

    /// The textual form accepted by `init(parsing:)`.
    public var text: String {
        switch self {
        case .joint: return "joint"
        case .twoPhase(let n): return "two-phase:\(n)"
        }
    }

    /// Decodes from the textual form.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        try self.init(parsing: try c.decode(String.self))
    }

    /// Encodes as the textual form.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}

/// A configuration value that is out of range or malformed.
public enum ConfigError: UserFacingError, Equatable {
    /// Field `field` should be `expected` but is `found`.
    case invalid(field: String, expected: String, found: String)

    /// The user-facing message.
    public var description: String {
        switch self {
        case .invalid(let f, let e, let v): return "model config: \(f) must be \(e), found \(v)"
        }
    }
}

/// Every training option of model.md with its default; JSON keys are snake_case.
public struct ModelConfig: Codable, Sendable, Equatable {
    /// Which network to train.
    public var model: ModelKind = .prc
    /// Hidden units H.
    public var hidden: Int = 256
    /// Number of epochs a run trains.
    public var epochs: Int = 100
    /// Encoder rate εf.
    public var lrF: Double = 0.05
    /// Decoder rate εg.
    public var lrG: Double = 0.05
    /// Recurrent rate εr (also the rate of the `direct` model).
    public var lrR: Double = 0.05
    /// Visible regression λv.
    public var lambdaV: Double = 0.75
    /// Hidden regression λh.
    public var lambdaH: Double = 0.75
    /// Sequences advancing together per step, B.
    public var batch: Int = 1
    /// How the B deltas of a step combine.
    public var reduce: Reduction = .sum
    /// Half-width a of the uniform initialisation [-a, a] (weights and biases).
    public var initScale: Double = 0.1
    /// Whether biases exist and learn.
    public var bias: Bool = true
    /// Presynaptic term of the encoder rule.
    public var presyn: Presyn = .regressed
    /// Multiply the recurrent error by the activation's derivative.
    public var recurrentDeriv: Bool = false
    /// Training schedule.
    public var schedule: Schedule = .joint
    /// Seed of initialisation and shuffling.
    public var seed: UInt64 = 0
    /// Compute recall MSE every K epochs (0 = never).
    public var evalEvery: Int = 0
    /// Shuffle sequence order every epoch (seeded).
    public var shuffle: Bool = false
    /// Hidden activation: "sigmoid" or "tanh".
    public var hiddenActivation: String = "sigmoid"
    /// Visible activation: "sigmoid" or "linear".
    public var visibleActivation: String = "sigmoid"
    /// Correct-frame threshold on per-frame MSE.
    public var threshold: Double = 0.01
    /// How weight changes are applied: the local rule (sgd) or Adam on its direction.
    public var optimizer: Optimizer = .sgd
    /// tpc2 inference: gradient steps T per frame.
    public var inferenceSteps: Int = 100
    /// tpc2 inference: step size of each gradient step.
    public var inferenceRate: Double = 0.01
    /// tpc1/tpc2 nonlinearity f: "tanh" or "linear".
    public var tpcActivation: String = "tanh"
    /// mahn separation function: "identity", "poly:D" or "softmax:BETA" (ahn always uses identity).
    public var separation: String = "softmax:1"

    /// The defaults of model.md.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case model, hidden, epochs, lrF = "lr_f", lrG = "lr_g", lrR = "lr_r", lambdaV = "lambda_v", lambdaH = "lambda_h"
        case batch, reduce, initScale = "init", bias, presyn, recurrentDeriv = "recurrent_deriv", schedule, seed
        case evalEvery = "eval_every", shuffle, hiddenActivation = "hidden_activation"
        case visibleActivation = "visible_activation", threshold
        case tpcActivation = "tpc_activation", separation
        case inferenceSteps = "inference_steps", inferenceRate = "inference_rate", optimizer
    }

    /// Decodes a config; missing fields take their defaults.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ModelConfig()
        model = try c.decodeIfPresent(ModelKind.self, forKey: .model) ?? d.model
        hidden = try c.decodeIfPresent(Int.self, forKey: .hidden) ?? d.hidden
        epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? d.epochs
        lrF = try c.decodeIfPresent(Double.self, forKey: .lrF) ?? d.lrF
        lrG = try c.decodeIfPresent(Double.self, forKey: .lrG) ?? d.lrG
        lrR = try c.decodeIfPresent(Double.self, forKey: .lrR) ?? d.lrR
        lambdaV = try c.decodeIfPresent(Double.self, forKey: .lambdaV) ?? d.lambdaV
        lambdaH = try c.decodeIfPresent(Double.self, forKey: .lambdaH) ?? d.lambdaH
        batch = try c.decodeIfPresent(Int.self, forKey: .batch) ?? d.batch
        reduce = try c.decodeIfPresent(Reduction.self, forKey: .reduce) ?? d.reduce
        initScale = try c.decodeIfPresent(Double.self, forKey: .initScale) ?? d.initScale
        bias = try c.decodeIfPresent(Bool.self, forKey: .bias) ?? d.bias
        presyn = try c.decodeIfPresent(Presyn.self, forKey: .presyn) ?? d.presyn
        recurrentDeriv = try c.decodeIfPresent(Bool.self, forKey: .recurrentDeriv) ?? d.recurrentDeriv
        schedule = try c.decodeIfPresent(Schedule.self, forKey: .schedule) ?? d.schedule
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        evalEvery = try c.decodeIfPresent(Int.self, forKey: .evalEvery) ?? d.evalEvery
        shuffle = try c.decodeIfPresent(Bool.self, forKey: .shuffle) ?? d.shuffle
        hiddenActivation = try c.decodeIfPresent(String.self, forKey: .hiddenActivation) ?? d.hiddenActivation
        visibleActivation = try c.decodeIfPresent(String.self, forKey: .visibleActivation) ?? d.visibleActivation
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? d.threshold
        tpcActivation = try c.decodeIfPresent(String.self, forKey: .tpcActivation) ?? d.tpcActivation
        separation = try c.decodeIfPresent(String.self, forKey: .separation) ?? d.separation
        inferenceSteps = try c.decodeIfPresent(Int.self, forKey: .inferenceSteps) ?? d.inferenceSteps
        inferenceRate = try c.decodeIfPresent(Double.self, forKey: .inferenceRate) ?? d.inferenceRate
        optimizer = try c.decodeIfPresent(Optimizer.self, forKey: .optimizer) ?? d.optimizer
    }

    /// Checks every field; throws a `ConfigError` naming the first bad one.
    public func validate() throws {
        func bad(_ f: String, _ e: String, _ v: Any) -> ConfigError { .invalid(field: f, expected: e, found: "\(v)") }
        guard hidden >= 1 else { throw bad("hidden", "at least 1", hidden) }
        guard epochs >= 0 else { throw bad("epochs", "0 or more", epochs) }
        for (name, v) in [("lr_f", lrF), ("lr_g", lrG), ("lr_r", lrR)] where !v.isFinite {
            throw bad(name, "a finite number", v)
        }
        for (name, v) in [("lambda_v", lambdaV), ("lambda_h", lambdaH)] where !(v.isFinite && v >= 0 && v <= 1) {
            throw bad(name, "a number in [0, 1]", v)
        }
        guard batch >= 1 else { throw bad("batch", "at least 1", batch) }
        guard initScale.isFinite && initScale >= 0 else { throw bad("init", "a finite number ≥ 0", initScale) }
        if case .twoPhase(let n) = schedule, n < 0 { throw bad("schedule", "two-phase:N with N ≥ 0", schedule.text) }
        guard evalEvery >= 0 else { throw bad("eval_every", "0 or more", evalEvery) }
        guard Activation(hidden: hiddenActivation) != nil else {
            throw bad("hidden_activation", "sigmoid or tanh", hiddenActivation)
        }
        guard Activation(visible: visibleActivation) != nil else {
            throw bad("visible_activation", "sigmoid or linear", visibleActivation)
        }
        guard threshold.isFinite && threshold >= 0 else { throw bad("threshold", "a finite number ≥ 0", threshold) }
        guard tpcActivation == "tanh" || tpcActivation == "linear" else {
            throw bad("tpc_activation", "tanh or linear", tpcActivation)
        }
        _ = try Separation(parsing: separation)
        guard inferenceSteps >= 0 else { throw bad("inference_steps", "0 or more", inferenceSteps) }
        guard inferenceRate.isFinite && inferenceRate >= 0 else { throw bad("inference_rate", "a finite number ≥ 0", inferenceRate) }
    }

    /// The config as compact JSON with sorted keys (what checkpoints and run folders store).
    public func jsonString() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        // Encoding plain values cannot fail.
        let data = (try? enc.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses a config from JSON text; `source` names where it came from in errors.
    public static func parse(json: String, source: String) throws -> ModelConfig {
        do {
            let cfg = try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
            try cfg.validate()
            return cfg
        } catch let e as ConfigError {
            throw FileError.invalid(path: source, expected: "a valid model config", found: e.description)
        } catch {
            throw FileError.invalid(path: source, expected: "a model config as JSON", found: "\(error)")
        }
    }
}
