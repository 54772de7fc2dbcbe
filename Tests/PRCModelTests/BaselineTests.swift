import Testing
import Foundation
import PRCCore
@testable import PRCModel

/// Worked examples of the baselines: tpc1's local rule, asymmetric Hopfield lookup, one-hot chains.
@Suite struct BaselineTests {
    /// Frames x⁰ = (1, 0, 0.2), x¹ = (0, 1, 0.4) as bytes.
    func twoFrames() throws -> FrameSequences { try makeSequences([[[255, 0, 51], [0, 255, 102]]]) }

    func tpcConfig(_ activation: String) -> ModelConfig {
        var c = ModelConfig()
        c.model = .tpc1; c.tpcActivation = activation; c.lrR = 0.5; c.epochs = 1
        return c
    }

    func value(_ ck: Checkpoint, _ name: String) -> [Float] { ck.tensor(name)!.values }

    /// From zero weights with f linear: ε = x¹, so ΔW = 0.5 x¹ x⁰ᵀ and Δb = 0.5 x¹ (by hand).
    @Test func tpc1LinearUpdateByHand() throws {
        var c = tpcConfig("linear")
        c.initScale = 0
        let t = try Trainer(config: c, data: try twoFrames())
        let r = try t.runEpoch()
        let ck = t.checkpoint()
        let w = value(ck, "W"), b = value(ck, "b")
        let want: [Float] = [0, 0, 0,  0.5, 0, 0.1,  0.2, 0, 0.04]
        for i in 0..<9 { #expect(abs(w[i] - want[i]) < 1e-6, "W[\(i)] = \(w[i]), want \(want[i])") }
        for (i, v) in [Float(0), 0.5, 0.2].enumerated() { #expect(abs(b[i] - v) < 1e-6) }
        // The epoch's prediction MSE is |x¹|² / 3 = 1.16 / 3.
        #expect(abs(r.predictionMSE - 1.16 / 3) < 1e-6)
    }

    /// From given weights with f = tanh, one update equals a scalar Double reference.
    @Test func tpc1TanhUpdateMatchesScalarReference() throws {
        let w0: [Float] = [0.1, -0.2, 0.3, 0.05, 0.4, -0.1, -0.3, 0.2, 0.15]
        let b0: [Float] = [0.01, -0.02, 0.03]
        let c = tpcConfig("tanh")
        let start = Checkpoint(config: c, tensors: [NamedTensor(name: "W", shape: [3, 3], values: w0),
                                                    NamedTensor(name: "b", shape: [3], values: b0)])
        let t = try Trainer(config: c, data: try twoFrames(), initial: start)
        _ = try t.runEpoch()
        let x0 = [1.0, 0, 51.0 / 255], x1 = [0.0, 1, 102.0 / 255]
        let f = x0.map { tanh($0) }
        var wRef = w0.map(Double.init), bRef = b0.map(Double.init)
        for i in 0..<3 {
            var pred = bRef[i]
            for j in 0..<3 { pred += Double(w0[i * 3 + j]) * f[j] }
            let e = x1[i] - pred
            for j in 0..<3 { wRef[i * 3 + j] += 0.5 * e * f[j] }
            bRef[i] += 0.5 * e
        }
        let ck = t.checkpoint()
        for (a, r) in zip(value(ck, "W"), wRef) { #expect(abs(Double(a) - r) < 1e-6) }
        for (a, r) in zip(value(ck, "b"), bRef) { #expect(abs(Double(a) - r) < 1e-6) }
    }

    /// a → b → c stored as keys (a, b) and values (b, c); a lookup from q = a + 0.5 b has scores (1, 0.5).
    @Test(arguments: [
        ("identity", [Float(0), 1, 0.5, 0.5]),
        ("poly:2", [0, 1, 0.25, 0.25]),
        ("poly:3", [0, 1, 0.125, 0.125]),
        // softmax(2·(1, 0.5)) = (e/(e+1), 1/(e+1)) = (0.731059, 0.268941)
        ("softmax:2", [0, 0.731059, 0.268941, 0.268941]),
    ])
    func hopfieldLookupKnownAnswer(_ separation: String, _ want: [Float]) throws {
        let data = try makeSequences([[[255, 0, 0, 0], [0, 255, 0, 0], [0, 0, 255, 255]]])
        var c = ModelConfig()
        c.model = .mahn; c.separation = separation
        let t = try Trainer(config: c, data: data)
        _ = try t.runEpoch()
        _ = try t.runEpoch()       // later epochs store nothing more
        let ck = t.checkpoint()
        #expect(ck.tensor("keys")?.shape == [2, 4])
        #expect(value(ck, "keys") == [1, 0, 0, 0, 0, 1, 0, 0])
        #expect(value(ck, "values") == [0, 1, 0, 0, 0, 0, 1, 1])
        let net = makeNetwork(config: c, visible: 4, batch: 1, patterns: 2)
        try net.params.load(ck.tensors, source: "test")
        let q: [Float] = [1, 0.5, 0, 0]
        var y = [Float](repeating: -1, count: 4)
        q.withUnsafeBufferPointer { qp in y.withUnsafeMutableBufferPointer { net.predict(qp.baseAddress!, rows: 1, into: $0.baseAddress!) } }
        for i in 0..<4 { #expect(abs(y[i] - want[i]) < 1e-5, "\(separation): y[\(i)] = \(y[i]), want \(want[i])") }
    }

    /// ahn ignores `separation`: it is the identity (W = Σ v kᵀ).
    @Test func ahnIsIdentity() throws {
        var c = ModelConfig()
        c.model = .ahn; c.separation = "softmax:1"
        let net = HopfieldSequenceMemory(config: c, visible: 2, batch: 1, patterns: 1)
        #expect(net.separation == .identity)
        #expect(throws: ConfigError.self) { try Separation(parsing: "poly:0") }
        #expect(throws: ConfigError.self) { try Separation(parsing: "softmax:-1") }
    }

    /// tpc2, one frame x = (1, 0), f linear, no biases, W_out = [[1, 0.5], [0, 2]], T = 1 step of 0.1 (by hand):
    /// ẑ = W_r f(0) = 0, z = ẑ; ε_x = (1, 0), ∂F/∂z = z − ẑ − W_outᵀ ε_x = −(1, 0.5), so z = (0.1, 0.05);
    /// then x̂ = (0.125, 0.1), ε_x = (0.875, −0.1), ε_z = (0.1, 0.05) and ΔW_out = 0.5 ε_x zᵀ.
    @Test func tpc2OneInferenceStepByHand() throws {
        var c = ModelConfig()
        c.model = .tpc2; c.hidden = 2; c.tpcActivation = "linear"; c.bias = false
        c.inferenceSteps = 1; c.inferenceRate = 0.1; c.lrR = 0.5; c.lrG = 0.5
        let start = Checkpoint(config: c, tensors: [
            NamedTensor(name: "Wr", shape: [2, 2], values: [0.5, 0, 0, 0.5]), NamedTensor(name: "br", shape: [2], values: [0, 0]),
            NamedTensor(name: "Wout", shape: [2, 2], values: [1, 0.5, 0, 2]), NamedTensor(name: "bout", shape: [2], values: [0, 0])])
        let data = try makeSequences([[[255, 0]]])
        let t = try Trainer(config: c, data: data, initial: start)
        let r = try t.runEpoch()
        let ck = t.checkpoint()
        let want: [Float] = [1.04375, 0.521875, -0.005, 1.9975]
        for (a, w) in zip(value(ck, "Wout"), want) { #expect(abs(a - w) < 1e-6, "Wout \(a), want \(w)") }
        #expect(value(ck, "Wr") == [0.5, 0, 0, 0.5])          // f(z⁰) = 0: no recurrent change
        #expect(abs(r.reconstructionMSE - 0.3878125) < 1e-6)
        #expect(abs(r.predictionMSE - 0.00625) < 1e-7)
        // Recall infers the same z¹ from the cue with the updated W_out (no weight change).
        let replay = try Replay.run(ck, data: data, cue: .first, length: 1, seed: 0)
        #expect(replay.codes.shape == [1, 1, 2])
        let z = (0.1 * 1.04375, 0.1 * 0.521875)
        #expect(abs(Double(replay.codes.values[0]) - z.0) < 1e-6 && abs(Double(replay.codes.values[1]) - z.1) < 1e-6)
    }

    /// Every baseline recalls the one-hot chain 1000 → 0100 → 0010 → 0001 exactly from its first frame.
    @Test(arguments: [("tpc1", "linear"), ("tpc1", "tanh"), ("ahn", "identity"), ("mahn", "softmax:30"), ("mahn", "poly:2")])
    func oneHotChainRecalledExactly(_ model: String, _ option: String) throws {
        let data = try makeSequences([[[255, 0, 0, 0], [0, 255, 0, 0], [0, 0, 255, 0], [0, 0, 0, 255]]])
        var c = ModelConfig()
        c.model = ModelKind(rawValue: model)!
        if model == "tpc1" { c.tpcActivation = option } else { c.separation = option }
        c.lrR = 0.5; c.epochs = 300; c.seed = 3
        let t = try Trainer(config: c, data: data)
        try t.train()
        let m = try t.evaluate()
        #expect(m.exactRecall == 1)
        #expect(m.meanMSE < 1e-5, "\(model) \(option): recall MSE \(m.meanMSE)")
        let replay = try Replay.run(t.checkpoint(), data: data, cue: .first, length: nil, seed: 0)
        #expect(replay.codes.shape == [1, 4, 4])
    }

    /// tpc2 (8 hidden units, default inference T = 100 steps of 0.01) recalls the chain from its first
    /// frame: every frame nearest to its target and within the 0.01 threshold (MSE measured 5.0e-4).
    @Test func tpc2RecallsOneHotChain() throws {
        let data = try makeSequences([[[255, 0, 0, 0], [0, 255, 0, 0], [0, 0, 255, 0], [0, 0, 0, 255]]])
        var c = ModelConfig()
        c.model = .tpc2; c.hidden = 8; c.lrR = 0.2; c.lrG = 0.2; c.epochs = 500; c.seed = 0
        let t = try Trainer(config: c, data: data)
        try t.train()
        let m = try t.evaluate()
        #expect(m.exactRecall == 1)
        #expect(m.nearestFrameAccuracy == 1)
        #expect(m.meanMSE < 1e-3, "tpc2 recall MSE \(m.meanMSE)")
        let replay = try Replay.run(t.checkpoint(), data: data, cue: .first, length: nil, seed: 0)
        #expect(replay.codes.shape == [1, 4, 8])
    }

    /// Adam's first step is rate · sign(g) (m̂ = g, v̂ = g²): tpc1 from zero weights moves every weight
    /// with a non-zero rule delta by exactly ±0.5 and leaves the others at 0 (by hand).
    @Test func adamFirstStepIsRateTimesSign() throws {
        var c = tpcConfig("linear")
        c.initScale = 0; c.optimizer = .adam
        let t = try Trainer(config: c, data: try twoFrames())
        _ = try t.runEpoch()
        let ck = t.checkpoint()
        let want: [Float] = [0, 0, 0,  0.5, 0, 0.5,  0.5, 0, 0.5]
        for (a, w) in zip(value(ck, "W"), want) { #expect(abs(a - w) < 1e-5, "W \(a), want \(w)") }
        for (a, w) in zip(value(ck, "b"), [Float(0), 0.5, 0.5]) { #expect(abs(a - w) < 1e-5) }
        // With weights of ±0.5 and a rate of 1e-6 (17 rounding steps of 0.5), the first step still moves
        // each weight the rule touches by the rate, and no other.
        var tiny = c
        tiny.initScale = 0.5; tiny.lrR = 1e-6
        let t3 = try Trainer(config: tiny, data: try twoFrames())
        let w0 = value(t3.checkpoint(), "W")
        _ = try t3.runEpoch()
        let moved = zip(value(t3.checkpoint(), "W"), w0).map { abs($0 - $1) }
        for m in moved { #expect(m == 0 || abs(m - 1e-6) < 1e-7, "moved \(m)") }
        #expect(moved.filter { $0 > 0 }.count >= 3)
        // With Adam, tpc1 still stores the one-hot chain.
        let chain = try makeSequences([[[255, 0, 0, 0], [0, 255, 0, 0], [0, 0, 255, 0], [0, 0, 0, 255]]])
        c.lrR = 0.01; c.epochs = 300
        let t2 = try Trainer(config: c, data: chain)
        try t2.train()
        #expect(try t2.evaluate().exactRecall == 1)
    }
}
