import PRCCore

/// A checkpoint file or tensor set that cannot be used, naming the file and what is wrong.
public enum CheckpointError: UserFacingError, Equatable {
    /// The file is not a valid safetensors file.
    case malformed(path: String, expected: String, found: String)
    /// A tensor the model needs is missing.
    case missingTensor(path: String, name: String)
    /// A tensor has the wrong shape.
    case shapeMismatch(path: String, name: String, expected: [Int], found: [Int])
    /// The checkpoint does not fit the model or data it is used with.
    case incompatible(path: String, reason: String)

    /// The user-facing message.
    public var description: String {
        switch self {
        case .malformed(let p, let e, let f): return "\(p): not a valid safetensors checkpoint: expected \(e), found \(f)"
        case .missingTensor(let p, let n): return "\(p): checkpoint has no tensor \"\(n)\""
        case .shapeMismatch(let p, let n, let e, let f): return "\(p): tensor \"\(n)\" has shape \(f), expected \(e)"
        case .incompatible(let p, let r): return "\(p): checkpoint does not fit: \(r)"
        }
    }
}

/// Trained (or initial) weights plus the resolved config that produced them.
public struct Checkpoint: Sendable, Equatable {
    /// The resolved training config (stored as JSON in the file's `__metadata__`).
    public let config: ModelConfig
    /// The tensors: Wf, bf, Wg, bg, Wr, br for prc; W, b for direct and tpc1; Wr, br, Wout, bout for tpc2; keys, values for ahn/mahn.
    public let tensors: [NamedTensor]

    /// Creates a checkpoint from a config and tensors.
    public init(config: ModelConfig, tensors: [NamedTensor]) {
        self.config = config; self.tensors = tensors
    }

    /// The tensor called `name`, if present.
    public func tensor(_ name: String) -> NamedTensor? { tensors.first { $0.name == name } }

    /// The tensor whose last dimension is the visible size V (Wf, W or keys).
    var shapeTensorName: String {
        switch config.model {
        case .prc: return "Wf"
        case .direct, .tpc1: return "W"
        case .tpc2: return "Wout"
        case .ahn, .mahn: return "keys"
        }
    }

    /// Visible size V implied by the tensors (Wf is H×V; W is V×V; keys is P×V; Wout is V×H).
    public var visibleSize: Int? {
        let axis = config.model == .tpc2 ? 0 : 1
        return tensor(shapeTensorName).flatMap { $0.shape.count == 2 ? $0.shape[axis] : nil }
    }

    /// Stored transitions P of an ahn/mahn checkpoint (rows of `keys`), 0 for the other models.
    var patternCount: Int {
        config.model.isStoreOnly ? (tensor("keys").flatMap { $0.shape.first } ?? 0) : 0
    }

    /// Checks that every tensor the model needs is present with the shapes the config implies.
    public func validateShapes(source: String) throws {
        guard let v = visibleSize, v >= 1 else {
            throw CheckpointError.missingTensor(path: source, name: shapeTensorName)
        }
        for (name, shape) in expectedTensors(config.model, visible: v, hidden: config.hidden, patterns: patternCount) {
            guard let t = tensor(name) else { throw CheckpointError.missingTensor(path: source, name: name) }
            guard t.shape == shape else {
                throw CheckpointError.shapeMismatch(path: source, name: name, expected: shape, found: t.shape)
            }
        }
    }

    /// Writes the checkpoint as safetensors, atomically; `extraMetadata` adds entries (e.g. "epochs_done").
    public func write(to path: String, extraMetadata: [String: String] = [:]) throws {
        let meta = extraMetadata.merging(["config": config.jsonString(), "format": "prc-checkpoint-1"]) { _, fixed in fixed }
        try Safetensors.write(tensors, metadata: meta, to: path)
    }

    /// Reads and validates a checkpoint written by `write(to:)`.
    public static func read(_ path: String) throws -> Checkpoint {
        let file = try Safetensors.read(path)
        guard let json = file.metadata["config"] else {
            throw CheckpointError.malformed(path: path, expected: "a \"config\" entry in __metadata__", found: "none")
        }
        let config = try ModelConfig.parse(json: json, source: path + " (__metadata__ config)")
        let ck = Checkpoint(config: config, tensors: file.tensors)
        try ck.validateShapes(source: path)
        return ck
    }
}
