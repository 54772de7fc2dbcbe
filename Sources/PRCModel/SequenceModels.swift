import PRCCore

/// What recall needs of a network beyond training: cue → state, state → next state, state → frame.
/// Visible-space models (direct, tpc1, ahn, mahn) carry the frame itself, so encode and decode copy.
protocol RecallNetwork: SequenceNetwork {
    /// Seeded initial weights (store-only models start empty).
    func initialise(seed: UInt64)
    /// The first state from `rows` cue frames (rows×V) into `out` (rows×stateWidth).
    func encode(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>)
    /// The next state of `rows` states into `out`.
    func predict(_ q: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>)
    /// The frame shown for `rows` states into `out` (rows×V).
    func decode(_ q: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>)
}

extension RecallNetwork {
    /// Visible-space models: the state is the cue frame.
    func encode(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(from: x, count: rows * visible)
    }

    /// Visible-space models: the frame is the state.
    func decode(_ q: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(from: q, count: rows * visible)
    }
}

extension PRCNetwork: RecallNetwork {}

extension DirectRNN: RecallNetwork {
    /// The next frame act(W x + b).
    func predict(_ q: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        advance(q, rows: rows, into: out)
    }
}

extension TPC1Network: RecallNetwork {}

extension TPC2Network: RecallNetwork {}

extension HopfieldSequenceMemory: RecallNetwork {}

/// Builds the network of `config.model` for frames of `visible` values and up to `batch` rows per
/// step; `patterns` is the number of stored transitions (used by ahn/mahn only).
func makeNetwork(config: ModelConfig, visible: Int, batch: Int, patterns: Int) -> any RecallNetwork {
    switch config.model {
    case .prc: return PRCNetwork(config: config, visible: visible, batch: batch)
    case .direct: return DirectRNN(config: config, visible: visible, batch: batch)
    case .tpc1: return TPC1Network(config: config, visible: visible, batch: batch)
    case .tpc2: return TPC2Network(config: config, visible: visible, batch: batch)
    case .ahn, .mahn: return HopfieldSequenceMemory(config: config, visible: visible, batch: batch, patterns: patterns)
    }
}

/// The tensors `model` needs, with shapes implied by V, H and (for ahn/mahn) P stored transitions.
func expectedTensors(_ model: ModelKind, visible v: Int, hidden h: Int, patterns p: Int) -> [(String, [Int])] {
    switch model {
    case .prc: return [("Wf", [h, v]), ("bf", [h]), ("Wg", [v, h]), ("bg", [v]), ("Wr", [h, h]), ("br", [h])]
    case .direct, .tpc1: return [("W", [v, v]), ("b", [v])]
    case .tpc2: return [("Wr", [h, h]), ("br", [h]), ("Wout", [v, h]), ("bout", [v])]
    case .ahn, .mahn: return [("keys", [p, v]), ("values", [p, v])]
    }
}
