import PRCCore

/// Parameters of a binary-pattern build: frames of shape (1, W) with values 0 or 255.
public struct BinaryParameters: Sendable, Equatable {
    /// "onehot" (the chain 1000→0100→0010→0001, sequence n starting at bit n mod W) or "random".
    public var pattern = "onehot"
    /// Bits per frame.
    public var width = 4
    /// Frames per sequence (nil: width for onehot, 10 for random).
    public var length: Int? = nil
    /// Number of sequences.
    public var count = 1
    /// Probability of a 1 bit for "random".
    public var density = 0.5
    /// Seed for "random".
    public var seed: UInt64 = 0

    /// A one-hot chain of width 4, one sequence.
    public init() {}

    /// The frame count actually used.
    public var resolvedLength: Int { length ?? (pattern == "onehot" ? width : 10) }

    /// The parameters as manifest entries.
    public var manifestParameters: [String: String] {
        var m = ["pattern": pattern, "width": "\(width)", "length": "\(resolvedLength)", "count": "\(count)", "values": "0 or 255"]
        if pattern == "random" { m["density"] = "\(density)"; m["seed"] = "\(seed)" }
        return m
    }
}

/// Builds binary pattern sequences (one-hot chains or random bits) of shape (N, T, 1, W).
public enum BinaryChains {
    /// The frames as bytes (N × T × W, values 0/255) after checking the parameters.
    public static func generate(_ p: BinaryParameters) throws -> [UInt8] {
        guard p.pattern == "onehot" || p.pattern == "random" else {
            throw IngestError.invalidParameter("binary: --pattern must be onehot or random, got '\(p.pattern)'")
        }
        let T = p.resolvedLength
        guard p.width >= 1, T >= 1, p.count >= 1, let total = checkedProduct([p.count, T, p.width]), total <= 1 << 32 else {
            throw IngestError.invalidParameter("binary: --width, --length and --count must be at least 1 (and not too large)")
        }
        guard (0...1).contains(p.density) else {
            throw IngestError.invalidParameter("binary: --density must be in [0, 1], got \(p.density)")
        }
        var out = [UInt8](repeating: 0, count: total)
        out.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            for n in 0..<p.count {
                var rng = SeededRandom(seed: p.seed, stream: UInt64(n))
                for t in 0..<T {
                    let row = base + (n * T + t) * p.width
                    if p.pattern == "onehot" {
                        row[(t + n) % p.width] = 255
                    } else {
                        for w in 0..<p.width where rng.nextDouble() < p.density { row[w] = 255 }
                    }
                }
            }
        }
        return out
    }
}
