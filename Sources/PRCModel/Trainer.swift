import PRCCore

/// Weights turned NaN or infinite during an epoch; the trainer keeps the last good weights.
public struct DivergenceError: UserFacingError, Equatable {
    /// The epoch (1-based) during which the weights stopped being finite.
    public let epoch: Int
    /// The rates in use, for the message.
    public let lrF: Double, lrG: Double, lrR: Double
    /// The user-facing message.
    public var description: String {
        "training diverged in epoch \(epoch): weights became NaN or infinite " +
        "(lr_f \(lrF), lr_g \(lrG), lr_r \(lrR)); try a smaller learning rate. " +
        "The weights of epoch \(epoch - 1) are kept."
    }
}

/// The figures of one training epoch (MSEs are means per unit per frame).
public struct EpochRecord: Sendable {
    /// 1-based epoch number.
    public let epoch: Int
    /// Mean (x − r)² on the raw reconstruction r (direct: equals the prediction MSE).
    public let reconstructionMSE: Double
    /// Mean squared error of the recurrent prediction (hidden units for prc, visible for direct).
    public let predictionMSE: Double
    /// Recall `mean_mse` on the training data when this epoch was evaluated.
    public let recallMSE: Double?
    /// Wall-clock seconds of the epoch (training only).
    public let seconds: Double
}

/// Trains one model on a dataset epoch by epoch; weights stay at the last good state on divergence.
public final class Trainer {
    /// The resolved, validated config.
    public let config: ModelConfig
    /// The training data.
    public let data: FrameSequences
    /// Epochs completed so far: `startingEpoch` (a resumed run) plus the epochs run by this trainer.
    public private(set) var epochsDone = 0
    let network: any RecallNetwork
    private let lastGood: ParameterBlock
    private let adam: AdamOptimizer?
    private let x, cur, prev: UnsafeMutablePointer<Float>
    private let batch: Int

    /// Builds the network for `data` and initialises it from `config.seed`, or from `initial` (shapes checked).
    /// `fused: false` selects the unfused reference step (same results bit for bit, more passes over memory).
    /// `startingEpoch` resumes a run whose `initial` weights are those after that many epochs: the next epoch
    /// is `startingEpoch + 1`, with that epoch's schedule and shuffle (both derived from (seed, epoch)).
    public init(config: ModelConfig, data: FrameSequences, initial: Checkpoint? = nil, fused: Bool = true,
                startingEpoch: Int = 0) throws {
        try config.validate()
        precondition(startingEpoch >= 0, "startingEpoch must be ≥ 0")
        epochsDone = startingEpoch
        self.config = config; self.data = data
        let v = data.frameSize
        batch = min(config.batch, data.count)
        let patterns = data.lengths.reduce(0) { $0 + max(0, $1 - 1) }
        // Under Adam the rules run at rate 1 so each step's delta is the rule's direction itself, read back
        // without the Float rounding a tiny rate would cause; Adam then scales by the configured rates.
        let ruleConfig = config.optimizer == .adam ? config.withUnitRates() : config
        let n = makeNetwork(config: ruleConfig, visible: v, batch: batch, patterns: patterns)
        (n as? PRCNetwork)?.fused = fused
        if initial == nil { n.initialise(seed: config.seed) }
        network = n
        if let ck = initial {
            guard ck.config.model == config.model else {
                throw CheckpointError.incompatible(path: "initial checkpoint",
                    reason: "it holds a \(ck.config.model.rawValue) model, the run trains \(config.model.rawValue)")
            }
            try network.params.load(ck.tensors, source: "initial checkpoint")
        }
        lastGood = network.params.clone()
        adam = config.optimizer == .adam && !config.model.isStoreOnly
            ? AdamOptimizer(like: network.params, rates: tensorRates(config), ruleRates: tensorRates(ruleConfig)) : nil
        let w = network.stateWidth
        x = .allocate(capacity: batch * v)
        cur = .allocate(capacity: batch * w)
        prev = .allocate(capacity: batch * w)
    }

    deinit { x.deallocate(); cur.deallocate(); prev.deallocate() }

    /// Which rules run in 1-based epoch `epoch` under the schedule.
    func rules(forEpoch epoch: Int) -> StepRules {
        switch config.schedule {
        case .joint: return StepRules(autoencoder: true, recurrent: true)
        case .twoPhase(let n): return epoch <= n ? StepRules(autoencoder: true, recurrent: false)
                                                : StepRules(autoencoder: false, recurrent: true)
        }
    }

    /// Sequence order of 1-based epoch `epoch`: dataset order, or a seeded shuffle per epoch.
    func order(forEpoch epoch: Int) -> [Int] {
        var order = Array(0..<data.count)
        if config.shuffle {
            var rng = SeededRandom(seed: config.seed, stream: UInt64(epoch))
            rng.shuffle(&order)
        }
        return order
    }

    /// Trains one epoch; throws `DivergenceError` (weights restored to the previous epoch) on NaN/inf.
    public func runEpoch() throws -> EpochRecord {
        let epoch = epochsDone + 1
        let start = ContinuousClock.now
        let rules = rules(forEpoch: epoch)
        let order = order(forEpoch: epoch)
        let v = data.frameSize, w = network.stateWidth
        var errors = StepErrors()
        var frames = 0
        var first = 0
        while first < order.count {
            let seqs = Array(order[first..<min(first + batch, order.count)])
            first += seqs.count
            let longest = seqs.map { data.lengths[$0] }.max() ?? 0
            var active = seqs.indices.map { $0 }            // slots alive at the previous frame
            for t in 0..<longest {
                let now = active.filter { data.lengths[seqs[$0]] > t }
                if t > 0 && now.count != active.count {
                    // Keep the previous codes of the survivors, in order (rows only move up).
                    var row = 0
                    for (k, slot) in active.enumerated() where data.lengths[seqs[slot]] > t {
                        if k != row { (prev + row * w).update(from: prev + k * w, count: w) }
                        row += 1
                    }
                }
                active = now
                for (row, slot) in now.enumerated() { data.loadFloats(seqs[slot], t, into: x + row * v) }
                // Adam counts only steps that can change weights (visible-space models learn from transitions).
                let adamStep = (t > 0 || !config.model.isVisibleSpace) ? adam : nil
                adamStep?.snapshot(network.params)
                network.step(x: x, prev: t > 0 ? UnsafePointer(prev) : nil, rows: now.count, rules: rules,
                             state: cur, errors: &errors)
                if let adamStep { network.flush(); adamStep.apply(to: network.params) }
                prev.update(from: cur, count: now.count * w)
                frames += now.count
            }
        }
        network.flush()
        guard network.params.isFinite() else {
            network.params.copy(from: lastGood)
            throw DivergenceError(epoch: epoch, lrF: config.lrF, lrG: config.lrG, lrR: config.lrR)
        }
        lastGood.copy(from: network.params)
        epochsDone = epoch
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let pred = errors.predictionRows > 0 ? errors.prediction / Double(errors.predictionRows * w) : 0
        let recon = config.model.isVisibleSpace ? pred : errors.reconstruction / Double(max(frames, 1) * v)
        var recall: Double? = nil
        if config.evalEvery > 0 && epoch % config.evalEvery == 0 { recall = try evaluate().meanMSE }
        return EpochRecord(epoch: epoch, reconstructionMSE: recon, predictionMSE: pred, recallMSE: recall, seconds: seconds)
    }

    /// Runs the remaining epochs of `config.epochs`, calling `progress` after each.
    public func train(progress: (EpochRecord) -> Void = { _ in }) throws {
        while epochsDone < config.epochs { progress(try runEpoch()) }
    }

    /// Current (last good) weights with the config.
    public func checkpoint() -> Checkpoint {
        Checkpoint(config: config, tensors: network.params.tensors())
    }

    /// Recall metrics on the training data from the current weights (what `evalEvery` reports), streamed
    /// block by block so no N × T × V Float copy of the dataset is made.
    public func evaluate(cue: Cue = .first, length: Int? = nil, seed: UInt64 = 0) throws -> RecallMetrics {
        try RecallMetrics.evaluate(checkpoint(), data: data, cue: cue, length: length, seed: seed, threshold: config.threshold)
    }
}
