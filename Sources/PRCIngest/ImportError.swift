import PRCCore

/// Errors of `prc-data import` and of PNG decoding; every message names the file, what was expected and what was found.
public enum ImportError: UserFacingError, Equatable {
    /// A PNG header promises more pixels than the documented limits allow (checked before decoding).
    case imageTooLarge(path: String, width: Int, height: Int)
    /// libpng (or the file system) could not decode the PNG.
    case corruptPNG(path: String, reason: String)
    /// Two frame files of one sequence carry the same index (`1.png`, `001.png`).
    case duplicateIndex(first: String, second: String)
    /// Files that are neither PNG frames nor hidden files.
    case notImages(folder: String, files: [String])
    /// A frame whose size differs from the first frame (and no `--resize` was given).
    case frameSizeMismatch(path: String, width: Int, height: Int, expectedWidth: Int, expectedHeight: Int)
    /// A symbolic link that points (directly or through others) back at itself.
    case symlinkLoop(path: String)
    /// A folder holding both frame images and sub-folders, or nothing usable.
    case badFolder(path: String, expected: String, found: String)

    /// The one-line message shown to the user.
    public var description: String {
        switch self {
        case .imageTooLarge(let path, let w, let h):
            return "\(path): expected a PNG of at most \(PNGLimits.maxPixels) pixels (2^26) and sides of at most \(PNGLimits.maxSide) (2^24), "
                + "found a header promising \(w)×\(h); not decoded"
        case .corruptPNG(let path, let reason):
            return "\(path): expected a decodable PNG image, found \(reason)"
        case .duplicateIndex(let first, let second):
            return "\(first) and \(second): expected each frame (or sequence folder) number once, found two names with the same number"
        case .notImages(let folder, let files):
            return "\(folder): expected only .png frames (or sub-folders of them), found \(files.joined(separator: ", "))"
        case .frameSizeMismatch(let path, let w, let h, let ew, let eh):
            return "\(path): expected frame size \(ew)×\(eh) (the size of the first frame), found \(w)×\(h); use --resize WxH to resize every frame"
        case .symlinkLoop(let path):
            return "\(path): expected a file or folder, found a symbolic link loop"
        case .badFolder(let path, let expected, let found):
            return "\(path): expected \(expected), found \(found)"
        }
    }
}

/// The documented size limits applied to every PNG header before any pixel memory is allocated.
public enum PNGLimits {
    /// Largest accepted width × height: 2^26 (67,108,864) pixels.
    public static let maxPixels = 1 << 26
    /// Largest accepted width or height: 2^24 (16,777,216).
    public static let maxSide = 1 << 24
}
