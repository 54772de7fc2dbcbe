#if canImport(Glibc)
import Glibc
#endif
import PRCCore

/// The embedded MNIST sample: the first 1,000 images and labels of the test split (t10k), gzipped IDX,
/// shipped in the package under `data/sample/`.
public enum EmbeddedSample {
    /// Number of images in the sample.
    public static let imageCount = 1000
    /// File names in the sample folder.
    public static let imagesFile = "t10k-images-idx3-ubyte.gz"
    /// Labels file name in the sample folder.
    public static let labelsFile = "t10k-labels-idx1-ubyte.gz"
    /// Payload SHA-256 of the sample's uncompressed images (first 1,000 t10k images, header count 1000).
    public static let imagesSHA256 = "de7c252b04f05e1f8309634180ccdf286dc6dbac8c579b74e76e02ae0331ca52"
    /// Payload SHA-256 of the sample's uncompressed labels.
    public static let labelsSHA256 = "832c0d20f0dc42e575488c75a83a970787d4c8d4d05831b2ef03701b4a478a90"

    /// Folders searched for the sample, in order: `$PRC_SAMPLE_DIR`, `data/sample` beside the executable
    /// and its parents, `./data/sample`, and the package folder this module was built from.
    public static func searchPaths() -> [String] {
        var out: [String] = []
        if let env = environmentValue("PRC_SAMPLE_DIR") { out.append(env) }
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 {
            var dir = parentDirectory(of: String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
            for _ in 0..<6 {
                out.append(joinPath(dir, "data/sample"))
                if dir == "/" { break }
                dir = parentDirectory(of: dir)
            }
        }
        out.append("data/sample")
        let source = #filePath
        let package = parentDirectory(of: parentDirectory(of: parentDirectory(of: source)))
        out.append(joinPath(package, "data/sample"))
        return out
    }

    /// The first folder holding both sample files, or an error naming every folder searched.
    public static func locate() throws -> String {
        let paths = searchPaths()
        for p in paths where fileExists(joinPath(p, imagesFile)) && fileExists(joinPath(p, labelsFile)) { return p }
        throw IngestError.badFormat(path: "data/sample", expected: "the embedded MNIST sample (\(imagesFile), \(labelsFile))",
                                    found: "it in none of: \(paths.joined(separator: ", ")); set PRC_SAMPLE_DIR to the package's data/sample")
    }

    /// Loads and verifies the sample (test split only).
    public static func load() throws -> MNISTData {
        let dir = try locate()
        let imagesPath = joinPath(dir, imagesFile), labelsPath = joinPath(dir, labelsFile)
        let images = try IDX.read(imagesPath), labels = try IDX.read(labelsPath)
        for (file, path, want) in [(images, imagesPath, imagesSHA256), (labels, labelsPath, labelsSHA256)] {
            let got = file.payloadSHA256
            guard got == want else { throw IngestError.hashMismatch(path: path, expected: want, found: got) }
        }
        let provenance = MNISTProvenance(source: "embedded sample", location: dir,
                                         payloadSHA256: ["t10k-images-idx3-ubyte (first 1000)": imagesSHA256,
                                                         "t10k-labels-idx1-ubyte (first 1000)": labelsSHA256], usedSample: true)
        let digits = try DigitImages(images: images, labels: labels, path: imagesPath)
        return MNISTData(splits: ["test": digits], provenance: provenance)
    }
}
