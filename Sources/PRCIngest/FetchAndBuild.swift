import PRCCore

/// Options of `fetch-and-build`.
public struct FetchOptions: Sendable {
    /// Where the cache and datasets live.
    public var dataDir: DataDirectory
    /// A local folder with the four MNIST files, used instead of cache and network.
    public var from: String?
    /// Mirror base URLs replacing the defaults of data.md.
    public var mirrors: [String]?
    /// Build from the embedded sample without touching the network.
    public var offline: Bool
    /// No progress or notices on stderr.
    public var quiet: Bool
    /// When every mirror fails, build from the embedded sample (with a notice) instead of failing; for `prc demo`.
    public var fallbackToSample = false
    /// Stall timeout of downloads in seconds.
    public var httpTimeout = defaultHTTPTimeout()
    /// The network seam (tests inject a local server or faults here).
    public var transport: any HTTPTransport = URLSessionTransport()
    /// Threads used by the synthesizers.
    public var threads = processorCount()

    /// Creates options; the remaining fields keep their defaults.
    public init(dataDir: DataDirectory, from: String?, mirrors: [String]?, offline: Bool, quiet: Bool) {
        self.dataDir = dataDir; self.from = from; self.mirrors = mirrors; self.offline = offline; self.quiet = quiet
    }
}

/// What `fetch-and-build` did.
public struct FetchSummary: Sendable {
    /// Where MNIST came from, human readable.
    public let source: String
    /// True when the datasets were built from the 1,000-image embedded sample.
    public let usedSample: Bool
    /// The printed summary.
    public let lines: [String]
    /// Manifests of the default datasets, in build order.
    public let datasets: [DatasetManifest]
    /// Names of the datasets (re)built by this run; the others were already up to date.
    public let built: [String]
}

/// `fetch-and-build`: obtain MNIST (local copy, cache, mirrors or sample), then build the default datasets.
public enum FetchAndBuild {
    /// Obtains MNIST according to the options (see `FetchOptions`).
    public static func obtainMNIST(_ o: FetchOptions) throws -> MNISTData {
        if o.offline {
            Console.note("notice: --offline: building from the embedded MNIST sample (first 1,000 test images), not the full MNIST", quiet: o.quiet)
            return try EmbeddedSample.load()
        }
        if let from = o.from { return try MNISTSource.loadLocal(from, cacheDir: o.dataDir.mnist) }
        let downloader = MNISTDownloader(mirrors: o.mirrors ?? MNISTFileSpec.defaultMirrors, transport: o.transport, timeout: o.httpTimeout)
        do {
            return try MNISTSource.loadCacheOrDownload(cacheDir: o.dataDir.mnist, downloader: downloader, quiet: o.quiet)
        } catch let e as IngestError {
            guard o.fallbackToSample, case .downloadFailed = e else { throw e }
            Console.note("notice: MNIST could not be downloaded; using the embedded sample (first 1,000 test images) instead. For the full set, put the four MNIST files in a folder and run: prc-data fetch-and-build --from DIR", quiet: o.quiet)
            return try EmbeddedSample.load()
        }
    }

    /// Runs the whole job and returns the summary (the caller prints `lines`). Holds the data directory's
    /// lock (`DataDirectoryLock`) throughout, so a concurrent run waits and then finds everything up to date.
    public static func run(_ options: FetchOptions) throws -> FetchSummary {
        try DataDirectoryLock.withLock(options.dataDir, quiet: options.quiet) { try runLocked(options) }
    }

    private static func runLocked(_ options: FetchOptions) throws -> FetchSummary {
        let start = monotonicSeconds()
        let mnist = try obtainMNIST(options)
        let results = try buildDefaults(mnist: mnist, options: options)
        let p = mnist.provenance
        let source = p.usedSample ? "embedded sample (\(p.location)): first 1,000 MNIST test images only"
            : "\(p.source) (\(p.location)), payload SHA-256 verified"
        var lines = ["MNIST: \(source)", "datasets in \(options.dataDir.datasets):"]
        let width = results.map { $0.manifest.name.count }.max() ?? 0
        for r in results {
            let m = r.manifest
            let name = m.name + String(repeating: " ", count: width - m.name.count)
            let shape = shapeText(m.shape)
            lines.append("  \(name)  \(shape)\(String(repeating: " ", count: max(0, 20 - shape.count))) \(m.dtype)  \(formatBytes(m.framesBytes))  \(r.built ? "built" : "up to date (cached)")")
        }
        lines.append("time: \(formatDuration(monotonicSeconds() - start))")
        return FetchSummary(source: source, usedSample: p.usedSample, lines: lines, datasets: results.map(\.manifest),
                            built: results.filter(\.built).map(\.manifest.name))
    }

    /// Builds (or finds up to date) the five default datasets from `mnist`.
    public static func buildDefaults(mnist: MNISTData, options o: FetchOptions) throws -> [DatasetBuilder.Result] {
        let split = mnist.provenance.usedSample ? "test" : "train"
        let images = try mnist.split(split)
        var out: [DatasetBuilder.Result] = []
        var seq = SequentialMNISTParameters()
        seq.split = split
        out.append(try DatasetBuilder.sequentialMNIST(name: "sequential-mnist", seq, images: images, mnist: mnist.provenance, dataDir: o.dataDir))
        var mm = MovingMNISTParameters()
        mm.split = split
        out.append(try DatasetBuilder.movingMNIST(name: "moving-mnist", mm, images: images, mnist: mnist.provenance,
                                                  dataDir: o.dataDir, threads: o.threads, quiet: o.quiet))
        mm.count = 100; mm.digits = 1
        out.append(try DatasetBuilder.movingMNIST(name: "moving-mnist-1digit", mm, images: images, mnist: mnist.provenance,
                                                  dataDir: o.dataDir, threads: o.threads, quiet: o.quiet))
        for width in [4, 8] {
            var b = BinaryParameters()
            b.width = width
            out.append(try DatasetBuilder.binary(name: "onehot-\(width)", b, dataDir: o.dataDir))
        }
        return out
    }
}

/// "1.2 MB" style size (powers of 1000).
public func formatBytes(_ n: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var v = Double(n), u = 0
    while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
    return u == 0 ? "\(n) B" : "\(format1(v)) \(units[u])"
}
