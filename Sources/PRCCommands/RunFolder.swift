import Foundation
import PRCCore
import PRCIngest
import PRCModel
import PRCRender

/// Version written into run folders and manifests.
let toolVersion = "0.1.0"

/// The files of a run folder: the hand-off between `prc train`, `prc replay` and `prc render`.
struct RunFolder {
    let path: String
    var configFile: String { joinPath(path, "config.json") }
    var checkpointFile: String { joinPath(path, "model.safetensors") }
    var trainLogFile: String { joinPath(path, "train-log.csv") }
    var replayDir: String { joinPath(path, "replay") }
    var recallFile: String { joinPath(replayDir, "recall.npy") }
    var codesFile: String { joinPath(replayDir, "codes.npy") }
    var metricsFile: String { joinPath(replayDir, "metrics.json") }

    /// Checks that the folder holds a trained run.
    func requireTrained() throws {
        guard directoryExists(path) else { throw FileError.notFound(path: path) }
        guard fileExists(checkpointFile), fileExists(configFile) else {
            throw FileError.invalid(path: path, expected: "a run folder with model.safetensors and config.json (made by 'prc train')", found: "neither")
        }
    }

    /// Checks that `replayDir` holds a replay (recall.npy); the error says which `prc replay` makes it.
    func requireReplay(_ replayDir: String) throws {
        guard fileExists(joinPath(replayDir, "recall.npy")) else {
            let out = replayDir == self.replayDir ? "" : " --out \(replayDir)"
            throw FileError.invalid(path: replayDir, expected: "recall.npy (run 'prc replay --run \(path)\(out)' first)", found: "no replay")
        }
    }
}

/// What a run was trained on, stored in config.json beside the model options.
struct RunDataInfo {
    /// Dataset name or path as given to `prc train`.
    var dataset: String
    /// Resolved dataset folder.
    var datasetPath: String
    /// Only the first `limit` sequences were used (nil: all).
    var limit: Int?
    /// SHA-256 of the frames trained on (`framesDigest`); nil in runs made before it was recorded.
    var framesSHA256: String? = nil
    /// Height, width and channels of the frames trained on; nil in runs made before it was recorded.
    var frameShape: [Int]? = nil

    static let keys: Set<String> = ["dataset", "dataset_path", "limit", "tool_version", "frames_sha256", "frame_shape"]

    /// Reads the dataset fields of a config.json object.
    init(json: [String: JSONValue], file: String) throws {
        guard let d = json["dataset"]?.string else { throw FileError.invalid(path: file, expected: "a 'dataset' field", found: "none") }
        dataset = d
        datasetPath = json["dataset_path"]?.string ?? d
        if let l = json["limit"], l != .null {
            guard let n = l.wholeNumber, n >= 1 else {
                throw FileError.invalid(path: file, expected: "'limit' as a whole number ≥ 1 or null", found: "\(l)")
            }
            limit = n
        } else {
            limit = nil
        }
        framesSHA256 = try validDigest(json["frames_sha256"], key: "frames_sha256", file: file)
        if let s = json["frame_shape"], s != .null {
            guard let dims = s.array?.compactMap(\.wholeNumber), dims.count == 3, s.array?.count == 3,
                  dims[0] >= 1, dims[1] >= 1, [1, 3].contains(dims[2]) else {
                throw FileError.invalid(path: file, expected: "'frame_shape' as [height, width, channels (1 or 3)]", found: "\(s)")
            }
            frameShape = dims
        }
    }

    init(dataset: String, datasetPath: String, limit: Int?, frames: FrameSequences) {
        self.dataset = dataset; self.datasetPath = datasetPath; self.limit = limit
        framesSHA256 = framesDigest(frames)
        frameShape = RunDataInfo.shape(of: frames)
    }

    /// [height, width, channels] of a set of sequences.
    static func shape(of frames: FrameSequences) -> [Int] { [frames.height, frames.width, frames.channels] }
}

/// Writes config.json: the resolved model options plus the dataset fields.
func writeRunConfig(_ folder: RunFolder, model: ModelConfig, data: RunDataInfo) throws {
    var obj = try jsonObject(model)
    obj["dataset"] = .string(data.dataset)
    obj["dataset_path"] = .string(data.datasetPath)
    obj["limit"] = data.limit.map { .number(Double($0)) } ?? .null
    obj["tool_version"] = .string(toolVersion)
    if let d = data.framesSHA256 { obj["frames_sha256"] = .string(d) }
    if let s = data.frameShape { obj["frame_shape"] = .array(s.map { .number(Double($0)) }) }
    try writeFileAtomically(folder.configFile, text: try jsonText(JSONValue.object(obj)))
}

/// Loads the dataset a run was trained on (or `override`), applying the run's sequence limit.
func loadRunDataset(_ folder: RunFolder, override: String?, dataDir: DataDirectory) throws -> (Dataset, FrameSequences, RunDataInfo) {
    let json = try readJSONObject(folder.configFile)
    let info = try RunDataInfo(json: json, file: folder.configFile)
    let dataset: Dataset
    if let override { dataset = try DatasetStore.load(override, dataDir: dataDir) } else if directoryExists(info.datasetPath) {
        dataset = try DatasetStore.load(info.datasetPath, dataDir: dataDir)
    } else {
        dataset = try DatasetStore.load(info.dataset, dataDir: dataDir)
    }
    var frames = dataset.frames
    if let limit = info.limit, limit < frames.count { frames = try frames.subset(Array(0..<limit)) }
    if override == nil, let trained = info.framesSHA256 {
        let now = framesDigest(frames)
        guard now == trained else {
            throw FileError.invalid(path: dataset.path,
                expected: "the frames run \(folder.path) was trained on (SHA-256 \(trained.prefix(12))…)",
                found: "other frames (SHA-256 \(now.prefix(12))…): the dataset was rebuilt or changed since; train the run again (or, to recall this data with the old weights, 'prc replay --dataset \(info.dataset)')")
        }
    }
    return (dataset, frames, info)
}

/// A stored frames digest: absent (older runs) or 64 lowercase hex digits; anything else is an error naming the file.
func validDigest(_ v: JSONValue?, key: String, file: String) throws -> String? {
    guard let v, v != .null else { return nil }
    guard let s = v.string, s.count == 64, s.allSatisfy({ "0123456789abcdef".contains($0) }) else {
        throw FileError.invalid(path: file, expected: "'\(key)' as 64 lowercase hex digits (a SHA-256)", found: "\(v)")
    }
    return s
}

/// SHA-256 (hex) of a set of sequences: frame size, channel count, every length and every frame's bytes,
/// so a rebuilt or edited dataset is noticed by the runs trained on it.
func framesDigest(_ frames: FrameSequences) -> String {
    let hasher = SHA256Hasher()
    hasher.update(Array("\(frames.height)x\(frames.width)x\(frames.channels):\(frames.lengths.map(String.init).joined(separator: ","))\n".utf8))
    for n in 0..<frames.count {
        for t in 0..<frames.lengths[n] { hasher.update(UnsafeRawBufferPointer(frames.frame(n, t))) }
    }
    return hasher.finalizeHex()
}

/// The training log as CSV: epoch, reconstruction MSE, prediction MSE, recall MSE (blank when not evaluated), seconds.
enum TrainLog {
    static let header = "epoch,reconstruction_mse,prediction_mse,recall_mse,seconds"

    /// CSV text of the records, after `previous` rows (those of earlier epochs of a resumed run).
    static func csv(_ records: [EpochRecord], previous: [String] = []) -> String {
        var lines = [header] + previous
        for r in records {
            lines.append("\(r.epoch),\(r.reconstructionMSE),\(r.predictionMSE),\(r.recallMSE.map { "\($0)" } ?? ""),\(r.seconds)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The data rows of a log for epochs 1…`epochs` (a resumed run keeps these); throws when rows are missing.
    static func rows(ofFile path: String, epochs: Int) throws -> [String] {
        guard epochs > 0 else { return [] }
        let text = String(decoding: try readWholeFile(path, limit: 1 << 30), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == header else {
            throw FileError.invalid(path: path, expected: "a training log starting with '\(header)'", found: "'\(lines.first ?? "")'")
        }
        let rows = Array(lines.dropFirst())
        for k in 0..<min(epochs, rows.count) where !rows[k].hasPrefix("\(k + 1),") {
            throw FileError.invalid(path: path, expected: "row \(k + 1) for epoch \(k + 1)", found: "'\(rows[k])'")
        }
        guard rows.count >= epochs else {
            throw FileError.invalid(path: path, expected: "rows for the \(epochs) epochs of the checkpoint", found: "\(rows.count) rows")
        }
        return Array(rows.prefix(epochs))
    }

}

/// Reads a train-log.csv into rows (the parser is shared with the renderer).
func readTrainLog(_ path: String) throws -> [TrainLogRow] {
    try TrainLogCSV.parse(String(decoding: try readWholeFile(path, limit: 256 << 20), as: UTF8.self), path: path)
}
