import Testing
import Foundation
import PRCCore
@testable import PRCModel

/// One-step checks of every rule against the scalar Double reference.
@Suite struct RuleTests {
    let frames: [[[UInt8]]] = [[[255, 0, 128], [0, 255, 64], [200, 30, 0]],
                               [[10, 20, 250], [255, 255, 0]],
                               [[90, 180, 45], [0, 0, 255], [128, 128, 128]]]

    func config(_ edit: (inout ModelConfig) -> Void = { _ in }) -> ModelConfig {
        var c = ModelConfig()
        c.hidden = 2; c.lrF = 0.7; c.lrG = 0.9; c.lrR = 1.1
        edit(&c)
        return c
    }

    func trainOneEpoch(_ c: ModelConfig, _ seqs: [[[UInt8]]], from ref: ReferencePRC) throws -> [NamedTensor] {
        let trainer = try Trainer(config: c, data: try makeSequences(seqs), initial: Checkpoint(config: c, tensors: ref.tensors))
        _ = try trainer.runEpoch()
        return trainer.checkpoint().tensors
    }

    func reference(_ c: ModelConfig, edit: (inout ReferencePRC) -> Void = { _ in }) -> ReferencePRC {
        var r = tinyReference()
        r.lrF = c.lrF; r.lrG = c.lrG; r.lrR = c.lrR; r.lambdaV = c.lambdaV; r.lambdaH = c.lambdaH
        r.mean = c.reduce == .mean; r.presynData = c.presyn == .data; r.deriv = c.recurrentDeriv; r.bias = c.bias
        edit(&r)
        return r
    }

    @Test func oneStepEveryRuleOnTinyNetwork() throws {
        let c = config()
        var ref = reference(c)
        let seq = [frames[0][0]]
        ref.epoch(doubles([seq]), batch: 1)
        let got = try trainOneEpoch(c, [seq], from: tinyReference())
        #expect(maxDifference(got, ref.tensors) < 2e-6)
        // The step changed Wf, Wg and their biases but not the recurrent weights (t = 1).
        #expect(maxDifference(got, tinyReference().tensors) > 1e-3)
        #expect(got[4] == tinyReference().tensors[4] && got[5] == tinyReference().tensors[5])
    }

    @Test func recurrentRuleWithAndWithoutDerivative() throws {
        for deriv in [false, true] {
            let c = config { $0.recurrentDeriv = deriv }
            var ref = reference(c)
            ref.epoch(doubles([frames[0]]), batch: 1)
            let got = try trainOneEpoch(c, [frames[0]], from: tinyReference())
            #expect(maxDifference(got, ref.tensors) < 5e-6, "derivative \(deriv)")
        }
        let plain = try trainOneEpoch(config(), [frames[0]], from: tinyReference())
        let withDeriv = try trainOneEpoch(config { $0.recurrentDeriv = true }, [frames[0]], from: tinyReference())
        #expect(maxDifference([plain[4]], [withDeriv[4]]) > 1e-3)
    }

    @Test(arguments: [Reduction.sum, .mean])
    func batchedVariableLengthMatchesReference(_ reduce: Reduction) throws {
        let c = config { $0.batch = 2; $0.reduce = reduce }
        var ref = reference(c)
        ref.epoch(doubles(frames), batch: 2)
        let got = try trainOneEpoch(c, frames, from: tinyReference())
        #expect(maxDifference(got, ref.tensors) < 5e-6)
    }

    @Test func meanEqualsSumWithScaledRates() throws {
        let mean = try trainOneEpoch(config { $0.batch = 3; $0.reduce = .mean; $0.lrF = 2.1; $0.lrG = 2.7; $0.lrR = 3.3 },
                                     frames, from: tinyReference())
        let sum = try trainOneEpoch(config { $0.batch = 3 }, frames, from: tinyReference())
        // Sequence 2 drops out at t = 3, where the mean divides by 2 instead of 3: compare on the
        // first two frame indices only, which is exactly a one-epoch run on length-2 prefixes.
        let prefixes = frames.map { Array($0.prefix(2)) }
        let mean2 = try trainOneEpoch(config { $0.batch = 3; $0.reduce = .mean; $0.lrF = 2.1; $0.lrG = 2.7; $0.lrR = 3.3 },
                                      prefixes, from: tinyReference())
        let sum2 = try trainOneEpoch(config { $0.batch = 3 }, prefixes, from: tinyReference())
        #expect(maxDifference(mean2, sum2) < 2e-6)
        #expect(maxDifference(mean, sum) > 1e-4)
    }

    @Test func presynDataAndNoBiasOptions() throws {
        let c = config { $0.presyn = .data; $0.bias = false }
        var ref = reference(c)
        ref.epoch(doubles([frames[2]]), batch: 1)
        let got = try trainOneEpoch(c, [frames[2]], from: tinyReference())
        #expect(maxDifference(got, ref.tensors) < 5e-6)
        for name in ["bf", "bg", "br"] {
            #expect(got.first { $0.name == name } == tinyReference().tensors.first { $0.name == name })
        }
    }

    @Test func lambdaHOnlyRescalesEncoderRate() throws {
        let data = try makeSequences(frames)
        func run(_ lh: Double, _ ef: Double) throws -> [NamedTensor] {
            var c = ModelConfig()
            c.hidden = 2; c.lambdaH = lh; c.lrF = ef; c.lrG = 0.5; c.lrR = 0.5; c.seed = 7
            let t = try Trainer(config: c, data: data)
            for _ in 0..<5 { _ = try t.runEpoch() }
            return t.checkpoint().tensors
        }
        let a = try run(0.75, 20), b = try run(0, 5)
        #expect(maxDifference(a, b) < 1e-4)
        #expect(maxDifference(a, try run(0.75, 5)) > 1e-2)
    }

    @Test func twoPhaseFreezesAutoencoderThenTrainsPredictor() throws {
        let data = try makeSequences(frames)
        var c = config { $0.schedule = .twoPhase(autoencoderEpochs: 2) }
        c.epochs = 4
        let t = try Trainer(config: c, data: data, initial: Checkpoint(config: c, tensors: tinyReference().tensors))
        _ = try t.runEpoch(); _ = try t.runEpoch()
        let afterAE = t.checkpoint().tensors
        #expect(afterAE[4] == tinyReference().tensors[4])     // Wr untouched in phase 1
        _ = try t.runEpoch()
        let afterRec = t.checkpoint().tensors
        #expect(Array(afterRec[0...3]) == Array(afterAE[0...3]))  // Wf, bf, Wg, bg frozen in phase 2
        var ref = reference(c) { $0.autoencoder = false }
        ref.wf = afterAE[0].values.chunked(3); ref.bf = afterAE[1].values.map(Double.init)
        ref.wg = afterAE[2].values.chunked(2); ref.bg = afterAE[3].values.map(Double.init)
        ref.epoch(doubles(frames), batch: 1)
        #expect(maxDifference(afterRec, ref.tensors) < 5e-6)
    }

    @Test func directRuleMatchesHandComputation() throws {
        var c = ModelConfig()
        c.model = .direct; c.lrR = 0.8
        let seq: [[UInt8]] = [[255, 0], [0, 255]]
        let w0: [Float] = [0.1, -0.2, 0.3, 0.4], b0: [Float] = [0.05, -0.05]
        let initial = Checkpoint(config: c, tensors: [NamedTensor(name: "W", shape: [2, 2], values: w0),
                                                      NamedTensor(name: "b", shape: [2], values: b0)])
        let t = try Trainer(config: c, data: try makeSequences([seq]), initial: initial)
        _ = try t.runEpoch()
        // x¹ = (1, 0): x̂ = σ(W x¹ + b) = σ(0.15, 0.25); error (0 − x̂0, 1 − x̂1).
        let p0 = 1 / (1 + exp(-0.15)), p1 = 1 / (1 + exp(-0.25))
        let e = [0 - p0, 1 - p1]
        let want: [Double] = [0.1 + 0.8 * e[0], -0.2, 0.3 + 0.8 * e[1], 0.4]
        let got = t.checkpoint().tensors
        for i in 0..<4 { #expect(abs(Double(got[0].values[i]) - want[i]) < 1e-6) }
        #expect(abs(Double(got[1].values[0]) - (0.05 + 0.8 * e[0])) < 1e-6)
        #expect(abs(Double(got[1].values[1]) - (-0.05 + 0.8 * e[1])) < 1e-6)
    }
}

extension Array where Element == Float {
    /// Rows of `width` values as Doubles.
    func chunked(_ width: Int) -> [[Double]] {
        stride(from: 0, to: count, by: width).map { self[$0..<($0 + width)].map(Double.init) }
    }
}
