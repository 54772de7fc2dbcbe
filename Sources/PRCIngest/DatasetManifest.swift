import Foundation
import PRCCore

/// Where the MNIST digits of a dataset came from, with the payload hashes of the files used.
public struct MNISTProvenance: Codable, Sendable, Equatable {
    /// "local copy", "cache", "download" or "embedded sample".
    public var source: String
    /// The folder, URL(s) or sample folder the files came from.
    public var location: String
    /// File name → SHA-256 of the uncompressed IDX payload.
    public var payloadSHA256: [String: String]
    /// True when only the 1,000-image embedded sample of the test split was available.
    public var usedSample: Bool

    /// Creates a provenance record.
    public init(source: String, location: String, payloadSHA256: [String: String], usedSample: Bool) {
        self.source = source; self.location = location; self.payloadSHA256 = payloadSHA256; self.usedSample = usedSample
    }
}

/// Description of an extra array stored next to frames.npy (e.g. labels).
public struct ArrayInfo: Codable, Sendable, Equatable {
    /// File name inside the dataset folder.
    public var file: String
    /// numpy dtype name.
    public var dtype: String
    /// Shape.
    public var shape: [Int]
    /// What the values mean.
    public var meaning: String

    /// Creates an array description.
    public init(file: String, dtype: String, shape: [Int], meaning: String) {
        self.file = file; self.dtype = dtype; self.shape = shape; self.meaning = meaning
    }
}

/// The manifest.json of a dataset folder: what it holds and exactly how it was made.
public struct DatasetManifest: Codable, Sendable, Equatable {
    /// Manifest format version.
    public var format: Int = 1
    /// Dataset name (the folder name).
    public var name: String
    /// Generator kind: "moving-mnist", "sequential-mnist", "binary", "npy", ….
    public var kind: String
    /// Shape of frames.npy: (N, T, H, W) or (N, T, H, W, 3).
    public var shape: [Int]
    /// Element type of frames.npy (always "uint8"; values 0…255 map to 0…1).
    public var dtype: String = "uint8"
    /// Axis order of frames.npy: "NTHW" or "NTHWC".
    public var layout: String
    /// Real length of every sequence (frames beyond it are zero padding).
    public var lengths: [Int]
    /// Values per pixel: 1 (gray) or 3 (RGB).
    public var channels: Int
    /// Every generator parameter, as text.
    public var parameters: [String: String]
    /// Per-frame labels (labels.npy, shape (N, T)) when the dataset has them.
    public var labels: ArrayInfo?
    /// Other arrays in the folder (e.g. digit classes of Moving MNIST).
    public var extras: [ArrayInfo] = []
    /// Where the MNIST digits came from, for MNIST-based datasets.
    public var mnist: MNISTProvenance?
    /// How an imported dataset was made (sources, frame order, colour types, resize and alpha rules).
    public var imported: ImportRecord? = nil
    /// Version of the tool that wrote it.
    public var toolVersion: String = prcToolVersion
    /// Bytes of frames.npy.
    public var framesBytes: Int

    /// Creates a manifest for frames of `shape` (N, T, H, W[, C]) with equal or given lengths.
    public init(name: String, kind: String, shape: [Int], lengths: [Int]? = nil, parameters: [String: String],
                labels: ArrayInfo? = nil, extras: [ArrayInfo] = [], mnist: MNISTProvenance? = nil) {
        self.name = name; self.kind = kind; self.shape = shape
        self.layout = shape.count == 5 ? "NTHWC" : "NTHW"
        self.channels = shape.count == 5 ? shape[4] : 1
        self.lengths = lengths ?? Array(repeating: shape.count > 1 ? shape[1] : 0, count: shape.first ?? 0)
        self.parameters = parameters; self.labels = labels; self.extras = extras; self.mnist = mnist
        self.framesBytes = NPYHeader.encode(dtype: .uint8, shape: shape).count + shape.reduce(1, *)
    }

    /// JSON text (sorted keys, pretty-printed).
    public func encoded() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(self), as: UTF8.self) + "\n"
    }

    /// Decodes a manifest file, naming the file on failure.
    public static func read(_ path: String) throws -> DatasetManifest {
        let bytes = try readWholeFile(path, limit: 64 << 20)
        do {
            return try JSONDecoder().decode(DatasetManifest.self, from: Data(bytes))
        } catch {
            throw IngestError.badFormat(path: path, expected: "a dataset manifest (JSON with name, kind, shape, lengths, …)",
                                        found: "unreadable JSON (\(String(describing: error).prefix(160)))")
        }
    }

    /// True when `other` describes the same build: kind, shape, parameters and MNIST payload hashes.
    public func sameBuild(as other: DatasetManifest) -> Bool {
        kind == other.kind && shape == other.shape && parameters == other.parameters && lengths == other.lengths
            && mnist?.payloadSHA256 == other.mnist?.payloadSHA256 && mnist?.usedSample == other.mnist?.usedSample
            && labels == other.labels && extras == other.extras && toolVersion == other.toolVersion
    }
}
