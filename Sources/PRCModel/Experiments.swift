import PRCCore

/// Outcome of the 1987 N-M-N encoder experiment over several seeds.
public struct EncoderExperimentSummary: Sendable, Codable {
    /// Updates to criterion per seed (nil = not solved within the limit).
    public let updates: [Int?]
    /// Seeds that reached the criterion.
    public var solved: Int { updates.compactMap { $0 }.count }
    /// Mean updates to criterion over solved seeds.
    public var mean: Double {
        let s = updates.compactMap { $0 }
        return s.isEmpty ? .nan : Double(s.reduce(0, +)) / Double(s.count)
    }
    /// Median updates to criterion over solved seeds (upper median for even counts).
    public var median: Int? {
        let s = updates.compactMap { $0 }.sorted()
        return s.isEmpty ? nil : s[s.count / 2]
    }
    /// Largest number of updates to criterion over solved seeds.
    public var max: Int? { updates.compactMap { $0 }.max() }
}

/// The autoencoder-only encoder problem of Hinton & McClelland (1987), with the paper's settings.
public enum EncoderExperiment {
    /// The paper's config: H hidden, ε = 20 both, λ = 0.75, init ±0.5, biases on, sum over all patterns.
    public static func config(patterns: Int, hidden: Int, seed: UInt64) -> ModelConfig {
        var c = ModelConfig()
        c.hidden = hidden; c.lrF = 20; c.lrG = 20; c.lrR = 0; c.lambdaV = 0.75; c.lambdaH = 0.75
        c.initScale = 0.5; c.bias = true; c.batch = patterns; c.reduce = .sum; c.seed = seed
        return c
    }

    /// One-hot patterns as N one-frame sequences of 1×N frames.
    public static func oneHotPatterns(_ n: Int) throws -> FrameSequences {
        var bytes = [UInt8](repeating: 0, count: n * n)
        for i in 0..<n { bytes[i * n + i] = 255 }
        return try FrameSequences(height: 1, width: n, count: n, length: 1, bytes: bytes)
    }

    /// Updates (each the sum of the per-pattern deltas) until |x − r| < tolerance on every unit of
    /// every pattern, checked before each update; nil if not reached within `maxUpdates`.
    public static func updatesToCriterion(patterns: Int = 4, hidden: Int = 2, seed: UInt64,
                                          tolerance: Double = 0.1, maxUpdates: Int = 5000) throws -> Int? {
        let data = try oneHotPatterns(patterns)
        let trainer = try Trainer(config: config(patterns: patterns, hidden: hidden, seed: seed), data: data)
        guard let net = trainer.network as? PRCNetwork else { return nil }
        let v = patterns
        let x = UnsafeMutablePointer<Float>.allocate(capacity: v * v)
        let h = UnsafeMutablePointer<Float>.allocate(capacity: v * hidden)
        let r = UnsafeMutablePointer<Float>.allocate(capacity: v * v)
        defer { x.deallocate(); h.deallocate(); r.deallocate() }
        for n in 0..<v { data.loadFloats(n, 0, into: x + n * v) }
        let tol = Float(tolerance)
        for updates in 0...maxUpdates {
            net.encode(x, rows: v, into: h)
            net.decode(h, rows: v, into: r)
            var ok = true
            for i in 0..<(v * v) where abs(x[i] - r[i]) >= tol { ok = false; break }
            if ok { return updates }
            if updates < maxUpdates { _ = try trainer.runEpoch() }
        }
        return nil
    }

    /// Runs `updatesToCriterion` for every seed.
    public static func run(patterns: Int = 4, hidden: Int = 2, seeds: [UInt64], maxUpdates: Int = 5000) throws -> EncoderExperimentSummary {
        EncoderExperimentSummary(updates: try seeds.map {
            try updatesToCriterion(patterns: patterns, hidden: hidden, seed: $0, maxUpdates: maxUpdates)
        })
    }
}
