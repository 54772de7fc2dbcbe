import PRCCore

/// A frame size, width × height.
public struct FrameSize: Sendable, Equatable, Codable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Creates a size.
    public init(width: Int, height: Int) { self.width = width; self.height = height }

    /// Parses "WxH" (e.g. "64x48"), both sides 1…4096.
    public static func parse(_ text: String) -> FrameSize? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (1...4096).contains(w), (1...4096).contains(h) else { return nil }
        return FrameSize(width: w, height: h)
    }
}

/// Options of `prc-data import`.
public struct ImportOptions: Sendable {
    /// Dataset name.
    public var name: String
    /// Resize every frame to this size (else every frame must match the first).
    public var resize: FrameSize?
    /// Keep RGB (frames.npy gets a trailing axis of 3); default converts to gray.
    public var color = false
    /// How alpha is removed.
    public var alpha = AlphaRule.black
    /// Axis order of 4-dimensional array files.
    public var layout = ArrayLayout.nthw
    /// Creates options with defaults (gray, alpha over black, no resize, N-first arrays).
    public init(name: String) { self.name = name }
}

/// How an imported dataset was made, stored in its manifest under `imported`.
public struct ImportRecord: Codable, Sendable, Equatable {
    /// The PATH arguments, as given.
    public var sources: [String]
    /// The frame order of every sequence (file paths, or the array and sequence index).
    public var frameOrder: [[String]]
    /// Colour types and bit depths found among the PNG frames (and array dtypes).
    public var colorTypes: [String]
    /// "WxH" when frames were resized, else nil.
    public var resize: String?
    /// The resize rule, when frames were resized.
    public var resizeRule: String?
    /// The alpha rule: black, white or ignore.
    public var alpha: String
    /// "gray" or "rgb".
    public var output: String
    /// The colour and narrowing rules applied.
    public var conversion: String
}

/// `prc-data import`: PNG frame folders and array files into a dataset (frames.npy, manifest last).
public enum ImageImporter {
    /// The conversion rules recorded in every import manifest.
    public static let conversionRules = "16-bit samples narrowed by round(v/257); gray = 0.299 R + 0.587 G + 0.114 B before narrowing, rounded half up; "
        + "alpha composited over the chosen background before narrowing; array floats in [0,1] become round(255 v)"

    /// Scans `paths`, checks every frame header, then writes the dataset; returns its manifest.
    public static func run(_ paths: [String], options: ImportOptions, dataDir: DataDirectory, quiet: Bool) throws -> DatasetManifest {
        try DatasetStore.checkName(options.name)
        let sequences = try ImportScanner.scan(paths, layout: options.layout)
        let (size, colorTypes) = try checkFrames(sequences, resize: options.resize)
        let channels = options.color ? 3 : 1
        let lengths = sequences.map(\.length)
        let maxLength = lengths.max() ?? 0
        var shape = [sequences.count, maxLength, size.height, size.width]
        if channels == 3 { shape.append(3) }
        let frameBytes = size.width * size.height * channels

        // Frames go to a temporary file first: a frame failing to decode leaves an existing dataset of this name intact.
        let dir = dataDir.dataset(options.name)
        try makeDirectories(dir)
        let writer = try NPYStreamWriter(path: joinPath(dir, DatasetStore.framesFile), dtype: .uint8, shape: shape)
        let progress = Progress("import \(options.name)", total: sequences.count, unit: "seq", quiet: quiet)
        let padding = [UInt8](repeating: 0, count: frameBytes)
        for sequence in sequences {
            for t in 0..<sequence.length {
                var image = try load(sequence, frame: t, channels: channels, alpha: options.alpha)
                image = FrameResize.resize(image, width: size.width, height: size.height)
                try image.pixels.withUnsafeBytes { try writer.write($0) }
            }
            for _ in sequence.length..<maxLength { try padding.withUnsafeBytes { try writer.write($0) } }
            progress.advance()
        }
        _ = try DatasetStore.beginWrite(name: options.name, dataDir: dataDir)  // old manifest out before frames change
        try writer.commit()
        progress.finish()

        var manifest = DatasetManifest(name: options.name, kind: "import", shape: shape, lengths: lengths, parameters: [
            "sources": paths.joined(separator: " "), "color": channels == 3 ? "rgb" : "gray", "alpha": options.alpha.rawValue,
            "resize": options.resize.map { "\($0.width)x\($0.height)" } ?? "none", "layout": options.layout.rawValue,
        ])
        manifest.imported = ImportRecord(
            sources: paths, frameOrder: sequences.map(\.frameOrder), colorTypes: colorTypes,
            resize: options.resize.map { "\($0.width)x\($0.height)" }, resizeRule: options.resize == nil ? nil : FrameResize.ruleDescription,
            alpha: options.alpha.rawValue, output: channels == 3 ? "rgb" : "gray", conversion: conversionRules)
        try DatasetStore.commit(manifest, in: dir)
        return manifest
    }

    /// Reads every PNG header (no pixels) and array shape: the dataset's frame size and the colour types found.
    /// Without `resize`, a frame whose size differs from the first throws naming it.
    static func checkFrames(_ sequences: [ImportSequence], resize: FrameSize?) throws -> (FrameSize, [String]) {
        var first: FrameSize? = nil
        var types: [String] = []
        func check(_ size: FrameSize, _ path: String, _ type: String) throws {
            if !types.contains(type) { types.append(type) }
            guard let f = first else { first = size; return }
            if resize == nil && size != f {
                throw ImportError.frameSizeMismatch(path: path, width: size.width, height: size.height,
                                                    expectedWidth: f.width, expectedHeight: f.height)
            }
        }
        for sequence in sequences {
            switch sequence {
            case .pngFrames(_, let files):
                for file in files {
                    let h = try PNGDecoder.readHeader(file)
                    try check(FrameSize(width: h.width, height: h.height), file, h.summary)
                }
            case .array(let a, _):
                try check(FrameSize(width: a.width, height: a.height), a.path, "array \(a.dtype)")
            }
        }
        return (resize ?? first!, types)
    }

    /// Frame `t` of a sequence as an 8-bit image with `channels` channels (gray widened to RGB when asked).
    static func load(_ sequence: ImportSequence, frame t: Int, channels: Int, alpha: AlphaRule) throws -> Image8 {
        switch sequence {
        case .pngFrames(_, let files):
            return try PNGReader.read(files[t], channels: channels, alpha: alpha)
        case .array(let a, let n):
            let gray = try a.frame(n, t)
            return channels == 3 ? PixelConversion.grayToRGB(gray) : gray
        }
    }
}
