import PRCCore

/// One of the four MNIST files with its published payload hash and size (data.md).
public struct MNISTFileSpec: Sendable, Equatable {
    /// Canonical hyphen name without .gz, e.g. "train-images-idx3-ubyte".
    public let name: String
    /// SHA-256 of the uncompressed IDX.
    public let sha256: String
    /// Uncompressed size in bytes.
    public let size: Int
    /// "train" or "test".
    public let split: String
    /// True for the images file, false for labels.
    public let isImages: Bool

    /// The names this file circulates under: hyphen and dot forms, with and without .gz.
    public var candidateNames: [String] {
        let dot = name.replacingFirst("-idx", with: ".idx")
        return [name + ".gz", name, dot + ".gz", dot]
    }

    /// The four MNIST files.
    public static let all: [MNISTFileSpec] = [
        MNISTFileSpec(name: "train-images-idx3-ubyte", sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                      size: 47_040_016, split: "train", isImages: true),
        MNISTFileSpec(name: "train-labels-idx1-ubyte", sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                      size: 60_008, split: "train", isImages: false),
        MNISTFileSpec(name: "t10k-images-idx3-ubyte", sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                      size: 7_840_016, split: "test", isImages: true),
        MNISTFileSpec(name: "t10k-labels-idx1-ubyte", sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
                      size: 10_008, split: "test", isImages: false),
    ]

    /// The default mirrors of data.md (base URL; file name + ".gz" is appended).
    public static let defaultMirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]
}

/// MNIST images and labels per split, with where they came from.
public struct MNISTData: Sendable {
    /// Split name ("train"/"test") → images with labels.
    public let splits: [String: DigitImages]
    /// Where the files came from and their payload hashes.
    public let provenance: MNISTProvenance

    /// The images of a split, or an error naming the splits available.
    public func split(_ name: String) throws -> DigitImages {
        guard let s = splits[name] else {
            throw IngestError.invalidParameter("MNIST split '\(name)' is not available from the \(provenance.source) (have: \(splits.keys.sorted().joined(separator: ", ")))")
        }
        return s
    }

    /// Assembles splits from decoded, already verified IDX files keyed by spec name.
    static func assemble(_ files: [String: IDXFile], provenance: MNISTProvenance, location: String) throws -> MNISTData {
        var splits: [String: DigitImages] = [:]
        for split in ["train", "test"] {
            let specs = MNISTFileSpec.all.filter { $0.split == split }
            guard let img = specs.first(where: { $0.isImages }), let lab = specs.first(where: { !$0.isImages }),
                  let images = files[img.name], let labels = files[lab.name] else { continue }
            splits[split] = try DigitImages(images: images, labels: labels, path: joinPath(location, img.name))
        }
        return MNISTData(splits: splits, provenance: provenance)
    }
}

/// Checks a decoded MNIST file against its published hash; throws naming the file and both hashes.
func verify(_ file: IDXFile, _ spec: MNISTFileSpec, path: String) throws {
    guard file.bytes.count == spec.size else {
        throw IngestError.sizeMismatch(path: path, what: "uncompressed \(spec.name)", expected: spec.size, found: file.bytes.count)
    }
    let hash = file.payloadSHA256
    guard hash == spec.sha256 else { throw IngestError.hashMismatch(path: path, expected: spec.sha256, found: hash) }
}

extension String {
    func replacingFirst(_ a: String, with b: String) -> String {
        guard let r = firstRange(ofText: a) else { return self }
        return String(self[..<r.lowerBound]) + b + String(self[r.upperBound...])
    }

    func firstRange(ofText needle: String) -> Range<String.Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<(index(i, offsetBy: needle.count)) }
            i = index(after: i)
        }
        return nil
    }
}
