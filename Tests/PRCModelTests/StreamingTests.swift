import Testing
import PRCCore
@testable import PRCModel

/// Replay and metrics of a dataset run in bounded blocks and give the same numbers as the one-piece path.
@Suite struct StreamingTests {
    func trained() throws -> (Checkpoint, FrameSequences) {
        var rng = SeededRandom(seed: 11)
        let lengths = (0..<150).map { 1 + $0 % 4 }
        let bytes = (0..<(150 * 4 * 36)).map { _ in UInt8(rng.nextInt(below: 256)) }
        let data = try FrameSequences(height: 6, width: 6, lengths: lengths, storage: ByteStorage(bytes))
        var c = ModelConfig()
        c.hidden = 8; c.batch = 16; c.seed = 2; c.epochs = 2
        let t = try Trainer(config: c, data: data)
        try t.train()
        return (t.checkpoint(), data)
    }

    @Test func replayStreamsBlocksOfAtMostOneChunk() throws {
        let (ck, data) = try trained()
        var seen: [(Int, Int)] = []
        try Replay.stream(ck, data: data, cue: .first, length: nil, seed: 0) { seen.append(($0.first, $0.count)) }
        #expect(seen.map(\.0) == [0, 64, 128])
        #expect(seen.map(\.1) == [64, 64, 22])
        #expect(seen.allSatisfy { $0.1 <= Replay.chunk })
    }

    @Test func streamedMetricsEqualOnePieceMetrics() throws {
        let (ck, data) = try trained()
        let whole = RecallMetrics.compute(truth: data, replay: try Replay.run(ck, data: data, cue: .first, length: nil, seed: 0),
                                          threshold: 0.05)
        let streamed = try RecallMetrics.evaluate(ck, data: data, threshold: 0.05)
        #expect(streamed.meanMSE == whole.meanMSE)
        #expect(streamed.msePerFrame == whole.msePerFrame)
        #expect(streamed.framesEvaluated == whole.framesEvaluated && whole.framesEvaluated == 223)
        #expect(streamed.correctFrameRate == whole.correctFrameRate)
        #expect(streamed.nearestFrameAccuracy == whole.nearestFrameAccuracy)
        #expect(streamed.cueMSE == whole.cueMSE)
    }

    @Test func nearestFrameSearchIsBlocked() {
        // A 10,000 × 20 × 64 × 64 dataset: the search holds rowBlock + colBlock frames and their dot
        // products, about 44 MB, against 3.3 GB for the recall as one Float array.
        let v = 64 * 64
        let blockFloats = (MetricsAccumulator.rowBlock + MetricsAccumulator.colBlock) * v
            + MetricsAccumulator.rowBlock * MetricsAccumulator.colBlock
        #expect(blockFloats * 4 < 50_000_000)
        #expect(Replay.chunk * 20 * v * 4 < 25_000_000)
    }
}
