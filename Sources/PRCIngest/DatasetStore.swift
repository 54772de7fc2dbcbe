import PRCCore

/// A loaded dataset: frames (memory-mapped), optional per-frame labels and its manifest.
public struct Dataset: Sendable {
    /// Dataset name.
    public let name: String
    /// Folder (or .npy file) it was loaded from.
    public let path: String
    /// The frames, memory-mapped from frames.npy.
    public let frames: FrameSequences
    /// Per-frame labels, N × T in C order, when the dataset has them.
    public let labels: [Int32]?
    /// The manifest (synthesized for a bare .npy).
    public let manifest: DatasetManifest
}

/// Datasets on disk: `DATA/datasets/NAME/{frames.npy, labels.npy, manifest.json}`; the manifest is written last.
public enum DatasetStore {
    /// File name of the frames array.
    public static let framesFile = "frames.npy"
    /// File name of the per-frame labels.
    public static let labelsFile = "labels.npy"
    /// File name of the manifest (its presence marks a complete dataset).
    public static let manifestFile = "manifest.json"

    /// Resolves a dataset name or path to a folder or .npy path, or throws naming where it looked.
    public static func resolve(_ nameOrPath: String, dataDir: DataDirectory) throws -> String {
        if nameOrPath.hasSuffix(".npy"), fileExists(nameOrPath) { return nameOrPath }
        if nameOrPath.contains("/"), fileExists(joinPath(nameOrPath, manifestFile)) { return nameOrPath }
        let named = dataDir.dataset(nameOrPath)
        if !nameOrPath.contains("/"), fileExists(joinPath(named, manifestFile)) { return named }
        if fileExists(joinPath(nameOrPath, manifestFile)) { return nameOrPath }
        throw IngestError.datasetNotFound(name: nameOrPath, searched: "\(dataDir.datasets) and the path itself")
    }

    /// Loads a dataset by name (in dataDir.datasets) or by folder path (or a path to a .npy of shape (N,T,H,W)); frames.npy is memory-mapped, not copied.
    public static func load(_ nameOrPath: String, dataDir: DataDirectory) throws -> Dataset {
        let path = try resolve(nameOrPath, dataDir: dataDir)
        if path.hasSuffix(".npy") && !directoryExists(path) {
            let a = try NPY.read(path, map: true)
            let frames = try framesFrom(a, lengths: nil, path: path)
            let name = String(path.split(separator: "/").last ?? "npy").replacingSuffix(".npy")
            let manifest = DatasetManifest(name: name, kind: "npy", shape: a.shape, parameters: ["file": path])
            return Dataset(name: name, path: path, frames: frames, labels: nil, manifest: manifest)
        }
        let manifest = try DatasetManifest.read(joinPath(path, manifestFile))
        let framesPath = joinPath(path, framesFile)
        let a = try NPY.read(framesPath, map: true)
        guard a.shape == manifest.shape else {
            throw IngestError.badFormat(path: framesPath, expected: "shape \(shapeText(manifest.shape)) (from manifest.json)",
                                        found: "shape \(shapeText(a.shape))")
        }
        let frames = try framesFrom(a, lengths: manifest.lengths, path: framesPath)
        var labels: [Int32]? = nil
        if let info = manifest.labels {
            let manifestPath = joinPath(path, manifestFile)
            guard !info.file.isEmpty, !info.file.contains("/"), info.file != "..", info.file != "." else {
                throw IngestError.badFormat(path: manifestPath, expected: "labels.file naming a file inside the dataset folder",
                                            found: "'\(info.file)'")
            }
            // Labels are per frame: (N, T) of the frames, whatever the manifest says (found by fuzzing).
            guard info.shape == [frames.count, frames.maxLength] else {
                throw IngestError.badFormat(path: manifestPath,
                                            expected: "labels of shape \(shapeText([frames.count, frames.maxLength])) (one per frame)",
                                            found: "labels.shape \(shapeText(info.shape))")
            }
            let lp = joinPath(path, info.file)
            let (shape, values) = try NPY.readInt32(lp)
            guard shape == info.shape else {
                throw IngestError.badFormat(path: lp, expected: "shape \(shapeText(info.shape)) (from manifest.json)", found: "shape \(shapeText(shape))")
            }
            labels = values
        }
        return Dataset(name: manifest.name, path: path, frames: frames, labels: labels, manifest: manifest)
    }

    private static func framesFrom(_ a: NPYArray, lengths: [Int]?, path: String) throws -> FrameSequences {
        guard a.dtype == .uint8, a.shape.count == 4 || (a.shape.count == 5 && (a.shape[4] == 1 || a.shape[4] == 3)) else {
            throw IngestError.badFormat(path: path, expected: "uint8 frames of shape (N, T, H, W) or (N, T, H, W, 3)",
                                        found: "\(a.dtype.name) \(shapeText(a.shape))")
        }
        let n = a.shape[0], t = a.shape[1]
        let lens = lengths ?? Array(repeating: t, count: n)
        guard lens.count == n, lens.allSatisfy({ $0 >= 1 && $0 <= t }), lens.max() == t else {
            throw IngestError.badFormat(path: path, expected: "\(n) sequence lengths between 1 and \(t), the longest \(t)",
                                        found: "lengths \(lens.prefix(8))\(lens.count > 8 ? "…" : "")")
        }
        do {
            return try FrameSequences(height: a.shape[2], width: a.shape[3], channels: a.shape.count == 5 ? a.shape[4] : 1,
                                      lengths: lens, storage: a.storage)
        } catch {
            throw IngestError.badFormat(path: path, expected: "frames of at least one sequence, frame and pixel", found: describeForUser(error))
        }
    }

    /// Prepares a dataset folder for writing: creates it and removes the old manifest (and labels),
    /// so a crash mid-build never leaves a folder that looks complete. Returns the folder path.
    public static func beginWrite(name: String, dataDir: DataDirectory) throws -> String {
        try checkName(name)
        let dir = dataDir.dataset(name)
        try makeDirectories(dir)
        try removeFileIfPresent(joinPath(dir, manifestFile))
        try removeFileIfPresent(joinPath(dir, labelsFile))
        return dir
    }

    /// Finishes a dataset: writes manifest.json atomically, last.
    public static func commit(_ manifest: DatasetManifest, in dir: String) throws {
        try writeFileAtomically(joinPath(dir, manifestFile), text: try manifest.encoded())
    }

    /// The manifest of an existing complete dataset, or nil.
    public static func existingManifest(name: String, dataDir: DataDirectory) -> DatasetManifest? {
        let dir = dataDir.dataset(name)
        guard let m = try? DatasetManifest.read(joinPath(dir, manifestFile)),
              fileSize(joinPath(dir, framesFile)) == m.framesBytes else { return nil }
        return m
    }

    /// Names of complete datasets (folders holding a manifest), sorted.
    public static func list(dataDir: DataDirectory) -> [String] {
        listDirectory(dataDir.datasets).filter { fileExists(joinPath(dataDir.dataset($0), manifestFile)) }
    }

    /// Rejects names that are empty, hidden or contain a slash.
    public static func checkName(_ name: String) throws {
        guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/") else {
            throw IngestError.invalidParameter("dataset name must be non-empty, without '/' and not start with '.', got '\(name)'")
        }
    }
}

extension String {
    func replacingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
