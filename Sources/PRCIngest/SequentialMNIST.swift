import PRCCore

/// Parameters of a Sequential MNIST build: one image per class in a chosen class order.
public struct SequentialMNISTParameters: Sendable, Equatable {
    /// Class of each frame, e.g. [0, 1, …, 9], cycled when `length` is longer; empty means a
    /// random class for every frame (seeded), as in the sequence-capacity experiments.
    public var order: [Int] = Array(0...9)
    /// Frames per sequence (nil: the length of `order`, or 10 for random classes).
    public var length: Int? = nil
    /// Number of sequences.
    public var count = 1
    /// MNIST split the images come from.
    public var split = "train"
    /// "first": sequence n uses the n-th image of each class; "random": a random image per frame.
    public var pick = "first"
    /// Seed for `pick random`.
    public var seed: UInt64 = 0

    /// Digits 0–9, one sequence, first image of each class.
    public init() {}

    /// The parameters as manifest entries.
    public var manifestParameters: [String: String] {
        ["order": order.isEmpty ? "random" : order.map(String.init).joined(), "length": "\(frameCount)",
         "count": "\(count)", "split": split, "pick": pick, "seed": "\(seed)"]
    }

    /// Frames per sequence after defaults.
    public var frameCount: Int { length ?? (order.isEmpty ? 10 : order.count) }

    /// Class of frame `t` of a sequence, drawing from `rng` when classes are random.
    func classOf(frame t: Int, rng: inout SeededRandom) -> Int {
        order.isEmpty ? rng.nextInt(below: 10) : order[t % order.count]
    }

    /// Parses an order string of digits ("0123456789"), or "random" (empty order).
    public static func parseOrder(_ s: String) throws -> [Int] {
        if s == "random" { return [] }
        let digits = s.compactMap { $0.wholeNumberValue }
        guard !s.isEmpty, digits.count == s.count else {
            throw IngestError.invalidParameter("sequential-mnist: --order expects digits 0–9 such as 0123456789 or 'random', got '\(s)'")
        }
        return digits
    }
}

/// Builds sequences of MNIST digit images in a class order, with per-frame labels.
public enum SequentialMNIST {
    /// Writes frames (N, T, rows, cols) to `framesPath`; returns the labels (N × T, the class of each frame).
    public static func write(_ p: SequentialMNISTParameters, images: DigitImages, to framesPath: String) throws -> [Int32] {
        guard p.count >= 1, p.frameCount >= 1, p.order.allSatisfy({ (0...9).contains($0) }) else {
            throw IngestError.invalidParameter("sequential-mnist: need --count ≥ 1, --length ≥ 1 and an --order of digits 0–9 (or random)")
        }
        guard p.pick == "first" || p.pick == "random" else {
            throw IngestError.invalidParameter("sequential-mnist: --pick must be first or random, got '\(p.pick)'")
        }
        guard images.labels != nil else {
            throw IngestError.invalidParameter("sequential-mnist: the \(p.split) images have no labels")
        }
        let byClass = images.indicesByClass()
        for c in Set(p.order.isEmpty ? Array(0...9) : p.order) where byClass[c].isEmpty {
            throw IngestError.invalidParameter("sequential-mnist: the \(p.split) split has no image of class \(c)")
        }
        let T = p.frameCount, frame = images.rows * images.cols
        let writer = try NPYStreamWriter(path: framesPath, dtype: .uint8, shape: [p.count, T, images.rows, images.cols])
        var labels: [Int32] = []
        labels.reserveCapacity(p.count * T)
        try images.withPixels { pixels in
            for n in 0..<p.count {
                var rng = SeededRandom(seed: p.seed, stream: UInt64(n))
                for t in 0..<T {
                    let c = p.classOf(frame: t, rng: &rng)
                    let pool = byClass[c]
                    let idx = p.pick == "first" ? pool[n % pool.count] : pool[rng.nextInt(below: pool.count)]
                    try writer.write(UnsafeRawBufferPointer(start: pixels + idx * frame, count: frame))
                    labels.append(Int32(c))
                }
            }
        }
        try writer.commit()
        return labels
    }
}
