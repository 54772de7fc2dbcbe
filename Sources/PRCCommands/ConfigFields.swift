import Foundation
import PRCCore
import PRCModel

/// One training option: its JSON key (config files, config.json), its flag, and how to apply a value.
struct ConfigField: Sendable {
    let key: String
    let flag: String
    let placeholder: String?
    let help: String
    let apply: @Sendable (inout ModelConfig, String, String) throws -> Void  // (config, value, where-from)

    /// The option as the argument parser declares it.
    var option: OptionSpec {
        placeholder.map { OptionSpec.value(flag, $0, help) } ?? OptionSpec.flag(flag, help)
    }
}

private func number(_ v: String, _ from: String, _ range: ClosedRange<Double> = -1e30...1e30) throws -> Double {
    guard let x = Double(v), x.isFinite else { throw UsageError("\(from) expects a number, got '\(v)'") }
    guard range.contains(x) else { throw UsageError("\(from) must be in [\(range.lowerBound), \(range.upperBound)], got \(v)") }
    return x
}

private func whole(_ v: String, _ from: String, min: Int) throws -> Int {
    guard let x = Int(v) else { throw UsageError("\(from) expects a whole number, got '\(v)'") }
    guard x >= min else { throw UsageError("\(from) must be \(min) or more, got \(x)") }
    return x
}

private func boolean(_ v: String, _ from: String) throws -> Bool {
    switch v { case "true", "1": return true; case "false", "0": return false
    default: throw UsageError("\(from) expects true or false, got '\(v)'") }
}

private func word<T: RawRepresentable>(_ v: String, _ from: String, _ type: T.Type, _ allowed: [String]) throws -> T where T.RawValue == String {
    guard let x = T(rawValue: v) else { throw UsageError("\(from) must be one of \(allowed.joined(separator: ", ")), got '\(v)'") }
    return x
}

/// The model options shared by `prc train`, `--config` files and experiment files, in application order
/// (`lr` first so the specific rates override it).
let modelFields: [ConfigField] = [
    ConfigField(key: "model", flag: "--model", placeholder: "prc|direct|tpc1|tpc2|ahn|mahn", help: "model: prc (default), direct (visible-space local RNN), tpc1/tpc2 (temporal predictive coding, 1 or 2 layers), ahn/mahn (asymmetric Hopfield lookup)") {
        c, v, f in c.model = try word(v, f, ModelKind.self, ModelKind.allCases.map(\.rawValue)) },
    ConfigField(key: "hidden", flag: "--hidden", placeholder: "H", help: "hidden units (default 256)") { c, v, f in c.hidden = try whole(v, f, min: 1) },
    ConfigField(key: "epochs", flag: "--epochs", placeholder: "E", help: "training epochs (default 100; 0 writes the initial weights)") { c, v, f in c.epochs = try whole(v, f, min: 0) },
    ConfigField(key: "lr", flag: "--lr", placeholder: "F", help: "all three learning rates εf, εg, εr (default 0.05)") { c, v, f in
        let x = try number(v, f, 0...1e6); c.lrF = x; c.lrG = x; c.lrR = x },
    ConfigField(key: "lr_f", flag: "--lr-f", placeholder: "F", help: "encoder rate εf (overrides --lr)") { c, v, f in c.lrF = try number(v, f, 0...1e6) },
    ConfigField(key: "lr_g", flag: "--lr-g", placeholder: "F", help: "decoder rate εg (overrides --lr)") { c, v, f in c.lrG = try number(v, f, 0...1e6) },
    ConfigField(key: "lr_r", flag: "--lr-r", placeholder: "F", help: "recurrent rate εr (overrides --lr)") { c, v, f in c.lrR = try number(v, f, 0...1e6) },
    ConfigField(key: "lambda_v", flag: "--lambda-v", placeholder: "F", help: "visible regression λv in [0,1] (default 0.75)") { c, v, f in c.lambdaV = try number(v, f, 0...1) },
    ConfigField(key: "lambda_h", flag: "--lambda-h", placeholder: "F", help: "hidden regression λh in [0,1] (default 0.75)") { c, v, f in c.lambdaH = try number(v, f, 0...1) },
    ConfigField(key: "batch", flag: "--batch", placeholder: "B", help: "sequences advancing together per update (default 1: online)") { c, v, f in c.batch = try whole(v, f, min: 1) },
    ConfigField(key: "reduce", flag: "--reduce", placeholder: "sum|mean", help: "combine the B deltas of a frame by sum (default) or mean") {
        c, v, f in c.reduce = try word(v, f, Reduction.self, ["sum", "mean"]) },
    ConfigField(key: "init", flag: "--init", placeholder: "A", help: "initial weights and biases uniform in [-A, A] (default 0.1)") { c, v, f in c.initScale = try number(v, f, 0...1e3) },
    ConfigField(key: "bias", flag: "--no-bias", placeholder: nil, help: "no biases") { c, v, f in c.bias = try boolean(v, f) },
    ConfigField(key: "presyn", flag: "--presyn", placeholder: "regressed|data", help: "encoder presynaptic term: x̂ (default) or the data x") {
        c, v, f in c.presyn = try word(v, f, Presyn.self, ["regressed", "data"]) },
    ConfigField(key: "recurrent_deriv", flag: "--recurrent-deriv", placeholder: nil, help: "multiply the recurrent error by p(1-p)") { c, v, f in c.recurrentDeriv = try boolean(v, f) },
    ConfigField(key: "schedule", flag: "--schedule", placeholder: "joint|two-phase:N", help: "joint (default) or autoencoder alone for N epochs, then recurrent") {
        c, v, f in
        do { c.schedule = try Schedule(parsing: v) } catch { throw UsageError("\(f) must be joint or two-phase:N, got '\(v)'") } },
    ConfigField(key: "shuffle", flag: "--shuffle", placeholder: nil, help: "visit sequences in a seeded random order each epoch") { c, v, f in c.shuffle = try boolean(v, f) },
    ConfigField(key: "seed", flag: "--seed", placeholder: "S", help: "random seed (default 0)") { c, v, f in
        guard let s = UInt64(v) else { throw UsageError("\(f) expects a whole number ≥ 0, got '\(v)'") }
        c.seed = s },
    ConfigField(key: "eval_every", flag: "--eval-every", placeholder: "K", help: "measure recall MSE every K epochs (default 0: never)") { c, v, f in c.evalEvery = try whole(v, f, min: 0) },
    ConfigField(key: "threshold", flag: "--threshold", placeholder: "F", help: "correct-frame MSE threshold (default 0.01)") { c, v, f in c.threshold = try number(v, f, 0...1e6) },
    ConfigField(key: "hidden_activation", flag: "--hidden-activation", placeholder: "sigmoid|tanh", help: "hidden units (default sigmoid)") { c, v, f in
        guard ["sigmoid", "tanh"].contains(v) else { throw UsageError("\(f) must be sigmoid or tanh, got '\(v)'") }
        c.hiddenActivation = v },
    ConfigField(key: "visible_activation", flag: "--visible-activation", placeholder: "sigmoid|linear", help: "visible units (default sigmoid)") { c, v, f in
        guard ["sigmoid", "linear"].contains(v) else { throw UsageError("\(f) must be sigmoid or linear, got '\(v)'") }
        c.visibleActivation = v },
    ConfigField(key: "tpc_activation", flag: "--tpc-activation", placeholder: "tanh|linear", help: "tpc1/tpc2 nonlinearity f (default tanh)") { c, v, f in
        guard ["tanh", "linear"].contains(v) else { throw UsageError("\(f) must be tanh or linear, got '\(v)'") }
        c.tpcActivation = v },
    ConfigField(key: "separation", flag: "--separation", placeholder: "identity|poly:D|softmax:BETA", help: "mahn separation function (default softmax:1; ahn is identity)") { c, v, f in
        guard (try? Separation(parsing: v)) != nil else { throw UsageError("\(f) must be identity, poly:D (D ≥ 1) or softmax:BETA (BETA > 0), got '\(v)'") }
        c.separation = v },
    ConfigField(key: "optimizer", flag: "--optimizer", placeholder: "sgd|adam", help: "apply the local rule's change as is (sgd, default) or through Adam") {
        c, v, f in c.optimizer = try word(v, f, Optimizer.self, Optimizer.allCases.map(\.rawValue)) },
    ConfigField(key: "inference_steps", flag: "--inference-steps", placeholder: "T", help: "tpc2 inference steps per frame (default 100)") { c, v, f in c.inferenceSteps = try whole(v, f, min: 0) },
    ConfigField(key: "inference_rate", flag: "--inference-rate", placeholder: "F", help: "tpc2 inference step size (default 0.01)") { c, v, f in c.inferenceRate = try number(v, f, 0...1e6) },
]

/// Applies model options from a parsed command line (flags win over anything applied before).
func applyFlags(_ args: ParsedArguments, to config: inout ModelConfig) throws {
    for field in modelFields {
        if field.placeholder == nil {
            guard args.flag(field.flag) else { continue }
            // Flag forms: --no-bias turns bias off; the others turn their option on.
            try field.apply(&config, field.key == "bias" ? "false" : "true", field.flag)
        } else if let v = args.string(field.flag) {
            try field.apply(&config, v, "\(args.command): \(field.flag)")
        }
    }
}

/// Applies the model options found in a JSON object (a `--config` file or an experiment file);
/// keys in `ignoring` are left to the caller; any other unknown key is an error naming the file.
func applyJSON(_ object: [String: JSONValue], from path: String, to config: inout ModelConfig, ignoring: Set<String>) throws {
    let known = Set(modelFields.map(\.key))
    for key in object.keys.sorted() where !known.contains(key) && !ignoring.contains(key) {
        throw UsageError("\(path): unknown key '\(key)' (known: \(modelFields.map(\.key).joined(separator: ", ")))")
    }
    for field in modelFields {
        guard let raw = object[field.key] else { continue }
        guard let text = raw.scalarText else {
            throw UsageError("\(path): \(field.key) must be a number, string or boolean")
        }
        try field.apply(&config, text, "\(path): \(field.key)")
    }
}
