import PRCCore

/// One row of `train-log.csv`: the losses of one training epoch.
public struct TrainLogRow: Sendable, Equatable {
    /// Epoch number (1-based as logged).
    public let epoch: Int
    /// Autoencoder reconstruction mean squared error.
    public let reconstructionMSE: Double
    /// One-step hidden prediction mean squared error.
    public let predictionMSE: Double
    /// Free-running recall mean squared error, when the trainer measured it this epoch.
    public let recallMSE: Double?
    /// Wall-clock seconds spent on the epoch.
    public let seconds: Double

    /// Creates a log row.
    public init(epoch: Int, reconstructionMSE: Double, predictionMSE: Double, recallMSE: Double?, seconds: Double) {
        self.epoch = epoch
        self.reconstructionMSE = reconstructionMSE
        self.predictionMSE = predictionMSE
        self.recallMSE = recallMSE
        self.seconds = seconds
    }
}

/// How frame values map to grey levels: a fixed range, or each image stretched to its own min/max.
public enum ValueRange: Sendable, Equatable {
    /// Values in [lo, hi] map linearly to 0…255; values outside are clipped and counted.
    case fixed(lo: Float, hi: Float)
    /// Each image is stretched to its own minimum and maximum.
    case normalize
}

/// Choices for `renderAll`: scale, animation speed, which sequences and the value range.
public struct RenderOptions: Sendable {
    /// Nearest-neighbour upscaling factor; nil picks one from the frame size.
    public var scale: Int?
    /// Animation frames per second of `sheet.png` (delay exactly 1/fps s).
    public var fps: Int = 4
    /// Indices of the sequences to draw; nil draws from the first ones.
    public var sequences: [Int]?
    /// Value mapping for frames.
    public var range: ValueRange = .fixed(lo: 0, hi: 1)
    /// Default options: automatic scale, 4 fps, first sequences, range [0, 1].
    public init() {}
}

/// A key/value row for the report's tables.
public struct KeyValue: Sendable, Equatable {
    /// Left column.
    public let key: String
    /// Right column.
    public let value: String
    /// Creates a row.
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
}

/// Everything the report shows, as plain arrays and numbers (no models).
public struct ReportInputs: Sendable {
    /// Report title, e.g. the run folder name.
    public var title: String
    /// Pretty JSON of the resolved configuration.
    public var configJSON: String
    /// Dataset summary rows (name, shape, source…).
    public var datasetSummary: [KeyValue]
    /// Metrics rows.
    public var metrics: [KeyValue]
    /// Training log, one row per epoch (may be empty).
    public var trainLog: [TrainLogRow]
    /// Recall MSE per sequence, per frame (may be empty).
    public var msePerFrame: [[Double]]
    /// The true frames.
    public var truth: FrameSequences
    /// Recalled frames, shape N×T×V with V = height·width·channels, nominally in [0, 1].
    public var recall: FloatTensor
    /// Hidden codes, shape N×T×H (an empty tensor skips `codes.png`).
    public var codes: FloatTensor
    /// Free text lines shown in the report.
    public var notes: [String]
    /// Frames recalled per sequence when sequences differ in length (nil: the recall array's T for all).
    public var recallLengths: [Int]? = nil

    /// Creates report inputs.
    public init(title: String, configJSON: String, datasetSummary: [KeyValue], metrics: [KeyValue],
                trainLog: [TrainLogRow], msePerFrame: [[Double]], truth: FrameSequences,
                recall: FloatTensor, codes: FloatTensor, notes: [String]) {
        self.title = title; self.configJSON = configJSON
        self.datasetSummary = datasetSummary; self.metrics = metrics
        self.trainLog = trainLog; self.msePerFrame = msePerFrame
        self.truth = truth; self.recall = recall; self.codes = codes; self.notes = notes
    }
}

/// What `renderAll` wrote: file names (relative to the output folder) and the clipped-value count.
public struct RenderSummary: Sendable, Equatable {
    /// Files written, relative to the output folder, in writing order.
    public let files: [String]
    /// Number of frame values outside the fixed range (clipped) in the drawn strip.
    public let clippedValues: Int
    /// Short remarks for the console: caps applied, outputs skipped for lack of data.
    public let notes: [String]
    /// Creates a summary.
    public init(files: [String], clippedValues: Int, notes: [String] = []) {
        self.files = files; self.clippedValues = clippedValues; self.notes = notes
    }
}

/// A rendering failure with a message naming what was wrong.
public enum RenderError: UserFacingError, Equatable {
    /// An input array does not have the expected shape.
    case shapeMismatch(what: String, expected: String, found: String)
    /// An option value is not usable.
    case badOption(name: String, value: String, expected: String)
    /// A requested sequence index does not exist.
    case sequenceOutOfRange(index: Int, count: Int)
    /// An encoder (libpng, zlib) failed.
    case encodingFailed(what: String, reason: String)
    /// The picture would be too large to hold in memory; `hint` says which options make it smaller.
    case canvasTooLarge(what: String, width: Int, height: Int, hint: String = "choose a smaller --scale or fewer --sequences")

    /// The user-facing message.
    public var description: String {
        switch self {
        case .shapeMismatch(let what, let expected, let found):
            return "render: \(what) has the wrong shape: expected \(expected), found \(found)"
        case .badOption(let name, let value, let expected):
            return "render: \(name) \(value) is not usable: expected \(expected)"
        case .sequenceOutOfRange(let index, let count):
            return "render: sequence \(index) does not exist (the data has \(count) sequences, 0…\(count - 1))"
        case .encodingFailed(let what, let reason):
            return "render: cannot encode \(what): \(reason)"
        case .canvasTooLarge(let what, let width, let height, let hint):
            return "render: \(what) would be \(width)×\(height) pixels, too large; \(hint)"
        }
    }
}
