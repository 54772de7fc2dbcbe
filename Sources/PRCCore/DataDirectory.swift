#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Where datasets and downloads live: `--data-dir`, else `$PRC_DATA_DIR`, else `./data`.
public struct DataDirectory: Sendable {
    /// Root folder.
    public let root: String

    /// Resolves the data directory from the flag value (if any) and the environment.
    public init(flag: String?) {
        if let flag, !flag.isEmpty { root = flag; return }
        if let env = getenv("PRC_DATA_DIR"), let s = String(validatingCString: env), !s.isEmpty { root = s; return }
        root = "data"
    }

    /// Folder of the MNIST cache (`DATA/mnist`).
    public var mnist: String { joinPath(root, "mnist") }
    /// Folder of built datasets (`DATA/datasets`).
    public var datasets: String { joinPath(root, "datasets") }
    /// Folder of one named dataset.
    public func dataset(_ name: String) -> String { joinPath(datasets, name) }
}
