import PRCCore

/// A set of same-size uint8 digit images (e.g. one MNIST split) with optional labels.
public struct DigitImages: Sendable {
    /// The IDX file holding the images (N, rows, cols), uint8.
    public let file: IDXFile
    /// Class label of each image, when known.
    public let labels: [UInt8]?
    /// Number of images.
    public var count: Int { file.shape[0] }
    /// Image height.
    public var rows: Int { file.shape[1] }
    /// Image width.
    public var cols: Int { file.shape[2] }

    /// Checks that `images` is uint8 of rank 3 and `labels` (if given) is uint8 of rank 1 with the same count.
    public init(images: IDXFile, labels: IDXFile?, path: String) throws {
        guard images.type == .uint8, images.shape.count == 3, images.shape.allSatisfy({ $0 > 0 }) else {
            throw IngestError.badFormat(path: path, expected: "uint8 images of shape (N, rows, cols)",
                                        found: "\(images.type.name) \(shapeText(images.shape))")
        }
        if let labels {
            guard labels.type == .uint8, labels.shape == [images.shape[0]] else {
                throw IngestError.badFormat(path: path, expected: "uint8 labels of shape (\(images.shape[0]),)",
                                            found: "\(labels.type.name) \(shapeText(labels.shape))")
            }
            self.labels = labels.withData { Array($0) }
        } else {
            self.labels = nil
        }
        file = images
    }

    /// Runs `body` with a pointer to the first pixel of image 0 (images follow each other, rows × cols bytes each).
    /// (The data always has a base address: it is a slice of the file bytes after a non-empty header.)
    public func withPixels<R>(_ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        try file.bytes.withUnsafeBufferPointer { all in
            try body(UnsafePointer(all.baseAddress.unsafelyUnwrapped + file.headerSize))
        }
    }

    /// Indices of the images of each class 0…9 (empty lists when labels are unknown).
    public func indicesByClass() -> [[Int]] {
        var out = Array(repeating: [Int](), count: 10)
        for (i, l) in (labels ?? []).enumerated() where l < 10 { out[Int(l)].append(i) }
        return out
    }
}
