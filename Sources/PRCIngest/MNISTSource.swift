#if canImport(Glibc)
import Glibc
#endif
import PRCCore

/// Obtains the four MNIST files: from a local folder, the verified cache in `DATA/mnist`, or the mirrors.
public enum MNISTSource {
    /// Finds `spec` in `folder` under any of its names (hyphen or dot, with or without .gz).
    public static func find(_ spec: MNISTFileSpec, in folder: String) -> String? {
        spec.candidateNames.map { joinPath(folder, $0) }.first { fileSize($0) != nil }
    }

    /// Loads all four files from `folder` (raw or gzip, decided by content), verifying every payload hash.
    /// Verified files are also copied into the cache (`cacheDir`) when given, so later runs need no `--from`.
    public static func loadLocal(_ folder: String, cacheDir: String?) throws -> MNISTData {
        guard directoryExists(folder) else { throw FileError.notFound(path: folder) }
        var files: [String: IDXFile] = [:], hashes: [String: String] = [:]
        for spec in MNISTFileSpec.all {
            guard let path = find(spec, in: folder) else {
                throw IngestError.mnistMissing(folder: folder, file: spec.name, tried: spec.candidateNames)
            }
            let raw = try readWholeFile(path)
            let file = try IDX.decode(raw, path: path)
            try verify(file, spec, path: path)
            files[spec.name] = file; hashes[spec.name] = spec.sha256
            if let cacheDir, !isSameFolder(folder, cacheDir) {
                let target = joinPath(cacheDir, spec.name + (Gzip.isGzip(raw) ? ".gz" : ""))
                if fileSize(target) != raw.count || (try? readWholeFile(target)) != raw { try writeFileAtomically(target, bytes: raw) }
            }
        }
        let provenance = MNISTProvenance(source: "local copy", location: folder, payloadSHA256: hashes, usedSample: false)
        return try MNISTData.assemble(files, provenance: provenance, location: folder)
    }

    /// Loads every file from the cache that verifies; returns them and the specs still needed.
    public static func loadCache(_ cacheDir: String, quiet: Bool) -> (files: [String: IDXFile], missing: [MNISTFileSpec]) {
        var files: [String: IDXFile] = [:], missing: [MNISTFileSpec] = []
        for spec in MNISTFileSpec.all {
            guard let path = find(spec, in: cacheDir) else { missing.append(spec); continue }
            do {
                let file = try IDX.read(path)
                try verify(file, spec, path: path)
                files[spec.name] = file
            } catch {
                Console.note("cache: \(describeForUser(error)); fetching it again", quiet: quiet)
                missing.append(spec)
            }
        }
        return (files, missing)
    }

    /// The cache, completed from the mirrors where files are missing or do not verify.
    public static func loadCacheOrDownload(cacheDir: String, downloader: MNISTDownloader, quiet: Bool) throws -> MNISTData {
        var (files, missing) = loadCache(cacheDir, quiet: quiet)
        var urls: [String] = []
        for spec in missing {
            Console.note("downloading \(spec.name).gz …", quiet: quiet)
            let (file, url) = try downloader.fetch(spec, into: cacheDir)
            files[spec.name] = file
            urls.append(url)
        }
        var hashes: [String: String] = [:]
        for spec in MNISTFileSpec.all { hashes[spec.name] = spec.sha256 }
        let provenance = urls.isEmpty
            ? MNISTProvenance(source: "cache", location: cacheDir, payloadSHA256: hashes, usedSample: false)
            : MNISTProvenance(source: "download", location: urls.joined(separator: " "), payloadSHA256: hashes, usedSample: false)
        return try MNISTData.assemble(files, provenance: provenance, location: cacheDir)
    }

    private static func isSameFolder(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}

extension MNISTSource {
    /// MNIST for `prc-data build`: the embedded sample when `offline`, a local folder when given, else the
    /// verified cache (no network: a missing cache is an error saying how to fill it).
    public static func loadForBuild(dataDir: DataDirectory, from: String?, offline: Bool, quiet: Bool) throws -> MNISTData {
        if offline {
            Console.note("notice: using the embedded MNIST sample (first 1,000 test images; split 'test' only)", quiet: quiet)
            return try EmbeddedSample.load()
        }
        if let from { return try loadLocal(from, cacheDir: nil) }
        let (files, missing) = loadCache(dataDir.mnist, quiet: quiet)
        guard missing.isEmpty else {
            throw IngestError.badFormat(path: dataDir.mnist, expected: "the verified MNIST cache",
                                        found: "\(missing.map(\.name).joined(separator: ", ")) missing or damaged; run 'prc-data fetch-and-build' first, or pass --from DIR or --offline")
        }
        var hashes: [String: String] = [:]
        for spec in MNISTFileSpec.all { hashes[spec.name] = spec.sha256 }
        let provenance = MNISTProvenance(source: "cache", location: dataDir.mnist, payloadSHA256: hashes, usedSample: false)
        return try MNISTData.assemble(files, provenance: provenance, location: dataDir.mnist)
    }
}
