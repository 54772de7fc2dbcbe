import PRCCore

/// Seconds to render the strip and animated sheet (plus the rest of `renderAll`) for `sequences`
/// random 64×64 sequences of `frames` frames into `outDir`.
public func benchmarkRender(sequences: Int = 100, frames: Int = 20, size: Int = 64, outDir: String) throws -> Double {
    var rng = SeededRandom(seed: 3)
    let v = size * size
    var bytes = [UInt8](repeating: 0, count: sequences * frames * v)
    for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: rng.nextInt(below: 256)) }
    let truth = try FrameSequences(height: size, width: size, count: sequences, length: frames, bytes: bytes)
    let recall = FloatTensor(shape: [sequences, frames, v], values: bytes.map { Float($0) / 255 })
    let inputs = ReportInputs(title: "bench", configJSON: "{}", datasetSummary: [], metrics: [], trainLog: [],
                              msePerFrame: [], truth: truth, recall: recall, codes: FloatTensor(zeros: [0]), notes: [])
    let start = monotonicSeconds()
    _ = try RunRenderer.renderAll(inputs, options: RenderOptions(), outDir: outDir)
    return monotonicSeconds() - start
}
