import PRCCore

/// One named Float32 tensor of a checkpoint (row-major values).
public struct NamedTensor: Sendable, Equatable {
    /// Tensor name, e.g. "Wf".
    public let name: String
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// Values in C order.
    public let values: [Float]
    /// Creates a tensor; the value count must match the shape.
    public init(name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "tensor \(name): shape \(shape) does not match \(values.count) values")
        self.name = name; self.shape = shape; self.values = values
    }
}

/// All weights of a network in one contiguous Float buffer, addressed by tensor index.
final class ParameterBlock {
    let names: [String]
    let shapes: [[Int]]
    let offsets: [Int]
    let total: Int
    let base: UnsafeMutablePointer<Float>

    /// Allocates zeroed storage for the named shapes.
    init(names: [String], shapes: [[Int]]) {
        self.names = names; self.shapes = shapes
        var offs: [Int] = []
        var t = 0
        for s in shapes { offs.append(t); t += s.reduce(1, *) }
        offsets = offs; total = t
        base = .allocate(capacity: max(t, 1))
        base.initialize(repeating: 0, count: max(t, 1))
    }

    deinit { base.deallocate() }

    /// Start of tensor `i`.
    @inline(__always) func ptr(_ i: Int) -> UnsafeMutablePointer<Float> { base + offsets[i] }

    /// Number of values of tensor `i`.
    func count(_ i: Int) -> Int { shapes[i].reduce(1, *) }

    /// Fills tensor `i` uniformly in [-a, a) from `rng`.
    func fillUniform(_ i: Int, scale a: Float, rng: inout SeededRandom) {
        let p = ptr(i)
        for k in 0..<count(i) { p[k] = rng.nextFloat(symmetric: a) }
    }

    /// Copies every value from a block of the same layout.
    func copy(from other: ParameterBlock) {
        precondition(other.total == total, "parameter layouts differ")
        base.update(from: other.base, count: total)
    }

    /// A fresh block with the same layout and values.
    func clone() -> ParameterBlock {
        let c = ParameterBlock(names: names, shapes: shapes)
        c.copy(from: self)
        return c
    }

    /// True when every weight is finite.
    func isFinite() -> Bool { allFinite(base, total) }

    /// The tensors as values.
    func tensors() -> [NamedTensor] {
        names.indices.map { i in
            NamedTensor(name: names[i], shape: shapes[i], values: Array(UnsafeBufferPointer(start: ptr(i), count: count(i))))
        }
    }

    /// Loads tensors by name; every tensor of this layout must be present with the same shape.
    func load(_ tensors: [NamedTensor], source: String) throws {
        for (i, name) in names.enumerated() {
            guard let t = tensors.first(where: { $0.name == name }) else {
                throw CheckpointError.missingTensor(path: source, name: name)
            }
            guard t.shape == shapes[i] else {
                throw CheckpointError.shapeMismatch(path: source, name: name, expected: shapes[i], found: t.shape)
            }
            t.values.withUnsafeBufferPointer { ptr(i).update(from: $0.baseAddress!, count: count(i)) }
        }
    }
}
