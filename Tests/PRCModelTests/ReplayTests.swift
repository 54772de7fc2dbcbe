import Testing
import Foundation
import PRCCore
@testable import PRCModel

/// Recall from cues, metrics, determinism, divergence and config handling.
@Suite(.serialized) struct ReplayTests {
    @Test func recallFollowsTheEquations() throws {
        let ref = tinyReference()
        var c = ModelConfig()
        c.hidden = 2
        let ck = Checkpoint(config: c, tensors: ref.tensors)
        let data = try makeSequences([[[255, 0, 51], [0, 0, 0]], [[10, 20, 30]]])
        let res = try Replay.run(ck, data: data, cue: .first, length: 3, seed: 0)
        #expect(res.recall.shape == [2, 3, 3] && res.codes.shape == [2, 3, 2] && res.lengths == [3, 3])
        for (n, cue) in [[1.0, 0, 0.2], [10.0 / 255, 20.0 / 255, 30.0 / 255]].enumerated() {
            var q = ref.layer(ref.wf, ref.bf, cue)
            for t in 0..<3 {
                if t > 0 { q = ref.layer(ref.wr, ref.br, q) }
                let y = ref.layer(ref.wg, ref.bg, q)
                for i in 0..<3 { #expect(abs(Double(res.recall.values[(n * 3 + t) * 3 + i]) - y[i]) < 1e-6) }
                for j in 0..<2 { #expect(abs(Double(res.codes.values[(n * 3 + t) * 2 + j]) - q[j]) < 1e-6) }
            }
        }
        let longer = RecallMetrics.compute(truth: data, replay: res, threshold: 0.01)
        #expect(longer.msePerFrame.map(\.count) == [2, 1])     // only frames that exist in the truth
        #expect(longer.framesEvaluated == 1 && longer.perSequenceMSE[1] == nil)
        let own = try Replay.run(ck, data: data, cue: .first, length: nil, seed: 0)
        #expect(own.lengths == [2, 1])
        #expect(own.recall.values[(1 * 2 + 1) * 3] == 0)       // past sequence 2's length: zero
        #expect(throws: ReplayError.self) { try Replay.run(ck, data: data, cue: .image([0.5]), length: nil, seed: 0) }
    }

    @Test func cuesAreSeededAndShaped() throws {
        #expect(try Cue(parsing: "first") == .first)
        #expect(try Cue(parsing: "noise:0.2") == .noise(sigma: 0.2))
        #expect(try Cue(parsing: "mask:0.5") == .mask(fraction: 0.5))
        #expect(throws: UsageError.self) { try Cue(parsing: "mask:2") }
        #expect(throws: UsageError.self) { try Cue(parsing: "blur") }
        let frame = [UInt8](repeating: 200, count: 100)
        let data = try makeSequences([[frame]])
        let out = UnsafeMutablePointer<Float>.allocate(capacity: 100), again = UnsafeMutablePointer<Float>.allocate(capacity: 100)
        defer { out.deallocate(); again.deallocate() }
        Cue.mask(fraction: 0.3).fill(out, data: data, sequence: 0, seed: 5)
        #expect((0..<100).filter { out[$0] == 0 }.count == 30)
        let rgb = try makeSequences([[[UInt8](repeating: 90, count: 60)]], height: 4, channels: 3)   // 4×5 pixels × 3
        Cue.mask(fraction: 0.25).fill(out, data: rgb, sequence: 0, seed: 2)
        let zeroPixels = (0..<20).filter { px in (0..<3).allSatisfy { out[px * 3 + $0] == 0 } }
        #expect(zeroPixels.count == 5 && (0..<60).filter { out[$0] == 0 }.count == 15)
        Cue.noise(sigma: 0.5).fill(out, data: data, sequence: 0, seed: 5)
        Cue.noise(sigma: 0.5).fill(again, data: data, sequence: 0, seed: 5)
        #expect((0..<100).allSatisfy { out[$0] == again[$0] && out[$0] >= 0 && out[$0] <= 1 })
        #expect((0..<100).contains { out[$0] == 1 } && (0..<100).contains { abs(out[$0] - 200 / 255) > 0.05 })
    }

    @Test func metricsOnAHandMadeReplay() throws {
        // Two binary sequences of 3 frames (V = 2); recall exact for sequence 1, frame 3 wrong for sequence 2.
        let truth = try makeSequences([[[255, 0], [0, 255], [255, 255]], [[0, 0], [255, 0], [0, 255]]])
        let rec: [Float] = [0.9, 0.1, 0.1, 0.9, 0.8, 0.8,
                            0.1, 0.1, 0.9, 0.2, 0.9, 0.1]   // seq 2 frame 3 ≈ (1, 0) = seq 2 frame 2
        let replay = ReplayResult(recall: FloatTensor(shape: [2, 3, 2], values: rec),
                                  codes: FloatTensor(zeros: [2, 3, 1]), lengths: [3, 3])
        let m = RecallMetrics.compute(truth: truth, replay: replay, threshold: 0.05)
        let f: [[Double]] = [[0.01, 0.01, 0.04], [0.01, 0.025, 0.81]]
        for s in 0..<2 { for t in 0..<3 { #expect(abs(m.msePerFrame[s][t] - f[s][t]) < 1e-6) } }
        #expect(abs(m.meanMSE - (0.01 + 0.04 + 0.025 + 0.81) / 4) < 1e-6)
        #expect(abs(m.cueMSE - 0.01) < 1e-6)
        #expect(m.correctFrameRate == 0.75)
        #expect(m.nearestFrameAccuracy == 0.75)
        #expect(m.exactRecall == 0.5)
        #expect(abs(m.perSequenceMSE[1]! - 0.4175) < 1e-6)
        let json = String(decoding: try JSONEncoder().encode(m), as: UTF8.self)
        #expect(json.contains("\"mean_mse\"") && json.contains("\"exact_recall\":0.5"))
        // Non-binary truth: exact recall is null.
        let gray = try makeSequences([[[128, 0], [0, 255]]])
        let r2 = ReplayResult(recall: FloatTensor(shape: [1, 2, 2], values: [0.5, 0, 0, 1]), codes: FloatTensor(zeros: [1, 2, 1]), lengths: [2])
        let m2 = RecallMetrics.compute(truth: gray, replay: r2, threshold: 0.01)
        #expect(m2.exactRecall == nil)
        #expect(String(decoding: try JSONEncoder().encode(m2), as: UTF8.self).contains("\"exact_recall\":null"))
    }

    func trainedWeights(threads: Int, batch: Int) throws -> [NamedTensor] {
        setBLASThreads(threads)
        defer { setBLASThreads(processorCount()) }
        var rng = SeededRandom(seed: 3)
        let bytes = (0..<(6 * 5 * 1536)).map { _ in UInt8(rng.nextInt(below: 256)) }
        let data = try FrameSequences(height: 16, width: 32, channels: 3, lengths: [5, 3, 5, 4, 5, 2],
                                      storage: ByteStorage(bytes))
        var c = ModelConfig()
        // 4 × 1536 × 384 multiply-adds exceed BLAS.parallelWork: with 2 threads the blocks run in parallel.
        c.hidden = 384; c.batch = batch; c.shuffle = true; c.seed = 42
        let t = try Trainer(config: c, data: data)
        for _ in 0..<3 { _ = try t.runEpoch() }
        return t.checkpoint().tensors
    }

    @Test(arguments: [1, 4, 40])
    func sameSeedSameWeightsAnyThreadCount(_ batch: Int) throws {
        let a = try trainedWeights(threads: 1, batch: batch)
        let b = try trainedWeights(threads: 1, batch: batch)
        let c = try trainedWeights(threads: 2, batch: batch)
        let d = try trainedWeights(threads: 3, batch: batch)
        let bits = { (t: [NamedTensor]) in t.map { $0.values.map(\.bitPattern) } }
        let sameRuns = bits(a) == bits(b), sameThreads = bits(a) == bits(c), sameThree = bits(a) == bits(d)
        #expect(sameRuns, "two runs with one thread differ")
        #expect(sameThreads, "one thread and two threads differ")
        #expect(sameThree, "one thread and three threads differ")
    }

    @Test(arguments: [(1, Presyn.regressed), (3, .data)])
    func fusedPathEqualsReferencePathBitForBit(_ batch: Int, _ presyn: Presyn) throws {
        var rng = SeededRandom(seed: 9)
        let bytes = (0..<(5 * 4 * 768)).map { _ in UInt8(rng.nextInt(below: 256)) }
        let data = try FrameSequences(height: 16, width: 16, channels: 3, lengths: [4, 2, 4, 3, 1], storage: ByteStorage(bytes))
        var c = ModelConfig()
        c.hidden = 40; c.batch = batch; c.presyn = presyn; c.seed = 5; c.lrF = 0.3; c.lrG = 0.2; c.lrR = 0.4
        let fused = try Trainer(config: c, data: data, fused: true)
        let plain = try Trainer(config: c, data: data, fused: false)
        for _ in 0..<3 { _ = try fused.runEpoch(); _ = try plain.runEpoch() }
        let a = fused.checkpoint().tensors.map { $0.values.map(\.bitPattern) }
        let b = plain.checkpoint().tensors.map { $0.values.map(\.bitPattern) }
        let same = a == b
        #expect(same)
        let initial = try Trainer(config: c, data: data).checkpoint().tensors
        #expect(fused.checkpoint().tensors != initial)
    }

    @Test func divergenceKeepsLastGoodWeights() throws {
        let data = try makeSequences([[[255, 0, 255], [0, 255, 0], [255, 255, 0]]])
        var c = ModelConfig()
        c.hidden = 2; c.visibleActivation = "linear"; c.lrF = 1e30; c.lrG = 1e30; c.lrR = 1e30
        let t = try Trainer(config: c, data: data)
        let before = t.checkpoint()
        do {
            _ = try t.runEpoch()
            Issue.record("expected divergence")
        } catch let e as DivergenceError {
            #expect(e.epoch == 1)
            #expect(e.description.contains("epoch 1") && e.description.contains("smaller learning rate"))
        }
        #expect(t.epochsDone == 0)
        #expect(t.checkpoint() == before)
    }

    @Test func finiteCheckCatchesEveryNonFiniteValue() {
        for bad in [Float.nan, .infinity, -.infinity, -Float.nan] {
            var v: [Float] = [1, -Float.greatestFiniteMagnitude, 0, -0.0, .leastNonzeroMagnitude]
            #expect(v.withUnsafeBufferPointer { allFinite($0.baseAddress!, $0.count) })
            v[3] = bad
            #expect(!v.withUnsafeBufferPointer { allFinite($0.baseAddress!, $0.count) })
        }
    }

    @Test func configCodingAndValidation() throws {
        var c = ModelConfig()
        c.schedule = .twoPhase(autoencoderEpochs: 7); c.lrF = 0.3; c.reduce = .mean
        let json = c.jsonString()
        #expect(json.contains("\"schedule\":\"two-phase:7\"") && json.contains("\"lr_f\":0.3") && json.contains("\"init\":0.1"))
        #expect(try ModelConfig.parse(json: json, source: "x") == c)
        #expect(try ModelConfig.parse(json: "{\"hidden\":8}", source: "x").lrR == 0.05)
        #expect(try Schedule(parsing: "joint") == .joint)
        #expect(throws: ConfigError.self) { try Schedule(parsing: "two-phase:x") }
        for edit in [{ (c: inout ModelConfig) in c.hidden = 0 }, { $0.batch = 0 }, { $0.lrG = .nan },
                     { $0.lambdaV = 2 }, { $0.hiddenActivation = "relu" }, { $0.visibleActivation = "tanh" }] {
            var bad = ModelConfig()
            edit(&bad)
            #expect(throws: ConfigError.self) { try bad.validate() }
        }
        #expect(throws: FileError.self) { try ModelConfig.parse(json: "{\"hidden\":0}", source: "cfg.json") }
    }

    @Test func directModelRecallsAChain() throws {
        let chain: [[UInt8]] = (0..<4).map { i in (0..<4).map { $0 == i ? 255 : 0 } }
        var c = ModelConfig()
        c.model = .direct; c.lrR = 1; c.epochs = 300
        let t = try Trainer(config: c, data: try makeSequences([chain]))
        try t.train()
        let m = try t.evaluate()
        #expect(m.exactRecall == 1)
        #expect(try Replay.run(t.checkpoint(), data: t.data, cue: .first, length: nil, seed: 0).codes.shape == [1, 4, 4])
    }

    @Test func evalEveryAndTanhRun() throws {
        let data = try makeSequences([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]])
        var c = ModelConfig()
        c.hidden = 4; c.evalEvery = 2; c.hiddenActivation = "tanh"; c.recurrentDeriv = true; c.lrF = 0.5; c.lrG = 0.5; c.lrR = 0.5
        let t = try Trainer(config: c, data: data)
        let r1 = try t.runEpoch(), r2 = try t.runEpoch()
        #expect(r1.recallMSE == nil && r2.recallMSE != nil)
        #expect(r2.reconstructionMSE > 0 && r2.predictionMSE > 0)
    }
}
