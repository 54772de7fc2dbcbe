import Foundation
import PRCCore

/// A summary of a dataset or an array file: shape, dtype, value range and SHA-256.
public struct Inspection: Codable, Sendable {
    /// What was inspected: "dataset", "npy" or "idx".
    public var kind: String
    /// Path of the file or folder.
    public var path: String
    /// Array shape.
    public var shape: [Int]
    /// Element type name.
    public var dtype: String
    /// Smallest value.
    public var min: Double
    /// Largest value.
    public var max: Double
    /// SHA-256 of the array file (for IDX: of the uncompressed payload).
    public var sha256: String
    /// SHA-256 of the file as stored (differs from `sha256` for gzipped IDX).
    public var fileSHA256: String
    /// Bytes of the file as stored.
    public var bytes: Int
    /// The dataset manifest, for datasets.
    public var manifest: DatasetManifest?

    /// One JSON object.
    public func json() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(self), as: UTF8.self)
    }

    /// Human-readable lines.
    public var lines: [String] {
        var out = ["\(kind) \(path)", "  shape  \(shapeText(shape)) \(dtype)", "  range  \(min) … \(max)",
                   "  size   \(formatBytes(bytes))", "  sha256 \(sha256)"]
        if fileSHA256 != sha256 { out.append("  file sha256 \(fileSHA256)") }
        if let m = manifest {
            out.append("  kind \(m.kind); parameters: " + m.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            if let src = m.mnist { out.append("  MNIST: \(src.source) (\(src.location))\(src.usedSample ? " — embedded sample only" : "")") }
        }
        return out
    }
}

/// Inspects datasets, .npy and IDX (raw or gzip) files.
public enum Inspector {
    /// Inspects a dataset name/folder or a file (.npy by magic, else IDX).
    public static func inspect(_ target: String, dataDir: DataDirectory) throws -> Inspection {
        if fileSize(target) != nil {
            let storage = try mapWholeFile(target)
            let head = Array(storage.bytes.prefix(6))
            if head == [0x93] + Array("NUMPY".utf8) { return try inspectNPY(target, manifest: nil, kind: "npy") }
            let file = try IDX.decode(Array(storage.bytes), path: target)
            let (lo, hi) = range(of: file)
            return Inspection(kind: "idx", path: target, shape: file.shape, dtype: file.type.name, min: lo, max: hi,
                              sha256: file.payloadSHA256, fileSHA256: SHA256Hasher.hex(storage.bytes), bytes: storage.count, manifest: nil)
        }
        let dir = try DatasetStore.resolve(target, dataDir: dataDir)
        let manifest = try DatasetManifest.read(joinPath(dir, DatasetStore.manifestFile))
        return try inspectNPY(joinPath(dir, DatasetStore.framesFile), manifest: manifest, kind: "dataset")
    }

    private static func inspectNPY(_ path: String, manifest: DatasetManifest?, kind: String) throws -> Inspection {
        let a = try NPY.read(path, map: true)
        let n = a.shape.reduce(1, *)
        var lo = 0.0, hi = 0.0
        if a.dtype == .uint8 {
            (lo, hi) = byteRange(a.storage.base.assumingMemoryBound(to: UInt8.self), n)
        } else {
            let v = a.doubles()
            lo = v.min() ?? 0; hi = v.max() ?? 0
        }
        let sha = try SHA256Hasher.hex(fileAt: path)
        return Inspection(kind: kind, path: manifest == nil ? path : parentDirectory(of: path), shape: a.shape, dtype: a.dtype.name,
                          min: lo, max: hi, sha256: sha, fileSHA256: sha, bytes: fileSize(path) ?? 0, manifest: manifest)
    }

    private static func range(of file: IDXFile) -> (Double, Double) {
        if file.type == .uint8 {
            return file.withData { raw in
                guard let base = raw.baseAddress else { return (0, 0) }
                return byteRange(base.assumingMemoryBound(to: UInt8.self), file.elementCount)
            }
        }
        let v = file.values()
        return (v.min() ?? 0, v.max() ?? 0)
    }

    private static func byteRange(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Double, Double) {
        guard n > 0 else { return (0, 0) }
        var lo: UInt8 = 255, hi: UInt8 = 0
        for i in 0..<n { let v = p[i]; if v < lo { lo = v }; if v > hi { hi = v } }
        return (Double(lo), Double(hi))
    }
}
