import PRCCore

/// Builds datasets into `DATA/datasets/NAME` (frames, labels, manifest last), skipping a build
/// whose existing manifest already matches.
public enum DatasetBuilder {
    /// The outcome of one build.
    public struct Result: Sendable {
        /// The manifest now on disk.
        public let manifest: DatasetManifest
        /// False when an identical dataset was already there and nothing was written.
        public let built: Bool
    }

    /// Builds Moving MNIST from `images` (one split) unless an identical build exists.
    public static func movingMNIST(name: String, _ p: MovingMNISTParameters, images: DigitImages, mnist: MNISTProvenance?,
                                   dataDir: DataDirectory, threads: Int = processorCount(), quiet: Bool) throws -> Result {
        try MovingMNIST.validate(p, digitRows: images.rows, digitCols: images.cols)
        let shape = [p.count, p.length, p.size, p.size]
        let extras = images.labels == nil ? [] : [ArrayInfo(file: "digit-labels.npy", dtype: "int32", shape: [p.count, p.digits],
                                                             meaning: "MNIST class of each digit of each sequence")]
        let manifest = DatasetManifest(name: name, kind: "moving-mnist", shape: shape, parameters: p.manifestParameters,
                                       extras: extras, mnist: mnist)
        if let old = DatasetStore.existingManifest(name: name, dataDir: dataDir), old.sameBuild(as: manifest) {
            return Result(manifest: old, built: false)
        }
        let dir = try DatasetStore.beginWrite(name: name, dataDir: dataDir)
        let progress = Progress("moving-mnist \(name)", total: p.count, unit: "seq", quiet: quiet)
        let classes = try MovingMNIST.write(p, images: images, to: joinPath(dir, DatasetStore.framesFile), threads: threads, progress: progress)
        progress.finish()
        if images.labels != nil {
            try NPY.writeInt32(shape: [p.count, p.digits], values: classes, to: joinPath(dir, "digit-labels.npy"))
        }
        try DatasetStore.commit(manifest, in: dir)
        return Result(manifest: manifest, built: true)
    }

    /// Builds Sequential MNIST (frames + per-frame labels) unless an identical build exists.
    public static func sequentialMNIST(name: String, _ p: SequentialMNISTParameters, images: DigitImages, mnist: MNISTProvenance?,
                                       dataDir: DataDirectory) throws -> Result {
        let shape = [p.count, p.frameCount, images.rows, images.cols]
        let labels = ArrayInfo(file: DatasetStore.labelsFile, dtype: "int32", shape: [p.count, p.frameCount], meaning: "digit class of each frame")
        let manifest = DatasetManifest(name: name, kind: "sequential-mnist", shape: shape, parameters: p.manifestParameters,
                                       labels: labels, mnist: mnist)
        if let old = DatasetStore.existingManifest(name: name, dataDir: dataDir), old.sameBuild(as: manifest) {
            return Result(manifest: old, built: false)
        }
        let dir = try DatasetStore.beginWrite(name: name, dataDir: dataDir)
        let values = try SequentialMNIST.write(p, images: images, to: joinPath(dir, DatasetStore.framesFile))
        try NPY.writeInt32(shape: labels.shape, values: values, to: joinPath(dir, DatasetStore.labelsFile))
        try DatasetStore.commit(manifest, in: dir)
        return Result(manifest: manifest, built: true)
    }

    /// Builds a binary-pattern dataset of shape (N, T, 1, W) unless an identical build exists.
    public static func binary(name: String, _ p: BinaryParameters, dataDir: DataDirectory) throws -> Result {
        let bytes = try BinaryChains.generate(p)
        let shape = [p.count, p.resolvedLength, 1, p.width]
        let manifest = DatasetManifest(name: name, kind: "binary", shape: shape, parameters: p.manifestParameters)
        if let old = DatasetStore.existingManifest(name: name, dataDir: dataDir), old.sameBuild(as: manifest) {
            return Result(manifest: old, built: false)
        }
        let dir = try DatasetStore.beginWrite(name: name, dataDir: dataDir)
        try bytes.withUnsafeBytes { try NPY.writeUInt8(shape: shape, bytes: $0, to: joinPath(dir, DatasetStore.framesFile)) }
        try DatasetStore.commit(manifest, in: dir)
        return Result(manifest: manifest, built: true)
    }
}
