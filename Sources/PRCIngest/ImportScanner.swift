#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import PRCCore

/// One sequence found by the scanner: its frames are PNG files, or sequence `index` of an array file.
public enum ImportSequence: Sendable {
    /// Frame files (full paths) in natural order.
    case pngFrames(folder: String, files: [String])
    /// Sequence `index` of an array file (.npy or IDX) with `length` frames.
    case array(ImportArray, index: Int)

    /// Number of frames.
    public var length: Int {
        switch self {
        case .pngFrames(_, let files): return files.count
        case .array(let a, _): return a.length
        }
    }

    /// The frame order recorded in the manifest: file paths, or "ARRAY sequence n, frames 0…T-1".
    public var frameOrder: [String] {
        switch self {
        case .pngFrames(_, let files): return files
        case .array(let a, let n): return ["\(a.path) sequence \(n), frames 0…\(a.length - 1) (\(a.layout.rawValue))"]
        }
    }
}

/// Turns import paths into sequences: a folder of frames is one sequence, a folder of such folders
/// is many; .npy and IDX files hold arrays of sequences. Hidden entries are skipped; anything else
/// that is not a PNG, symlink loops and unreadable entries are errors naming them.
public enum ImportScanner {
    /// File kinds recognised by name.
    enum Kind { case folder, png, npy, idx, other }

    /// Every sequence under `paths`, in the order given (sub-folders in natural order).
    public static func scan(_ paths: [String], layout: ArrayLayout) throws -> [ImportSequence] {
        var out: [ImportSequence] = []
        for path in paths {
            switch try kind(of: path) {
            case .folder: out += try scanFolder(path)
            case .npy: out += try sequences(of: ImportArray.npy(path, layout: layout))
            case .idx: out += try sequences(of: ImportArray.idx(path, layout: layout))
            case .png, .other:
                throw ImportError.badFolder(path: path, expected: "a folder of PNG frames, a folder of such folders, a .npy or an IDX file",
                                            found: "a file of another kind")
            }
        }
        guard !out.isEmpty else {
            throw ImportError.badFolder(path: paths.joined(separator: ", "), expected: "at least one sequence", found: "none")
        }
        return out
    }

    private static func sequences(of array: ImportArray) -> [ImportSequence] {
        (0..<array.count).map { .array(array, index: $0) }
    }

    private static func scanFolder(_ folder: String) throws -> [ImportSequence] {
        let (pngs, folders) = try entries(of: folder)
        if !pngs.isEmpty && !folders.isEmpty {
            throw ImportError.badFolder(path: folder, expected: "either PNG frames (one sequence) or sub-folders of frames (one sequence each)",
                                        found: "both (\(pngs.count) PNG files and \(folders.count) folders, e.g. \(folders[0]))")
        }
        if !pngs.isEmpty {
            let names = try NaturalSort.sorted(pngs, in: folder)
            return [.pngFrames(folder: folder, files: names.map { joinPath(folder, $0) })]
        }
        guard !folders.isEmpty else {
            throw ImportError.badFolder(path: folder, expected: "PNG frames or sub-folders of them", found: "an empty folder")
        }
        return try NaturalSort.sorted(folders, in: folder).map { name in
            let sub = joinPath(folder, name)
            let (frames, nested) = try entries(of: sub)
            guard nested.isEmpty else {
                throw ImportError.badFolder(path: sub, expected: "PNG frames only (a sequence folder)", found: "sub-folder \(nested[0])")
            }
            guard !frames.isEmpty else {
                throw ImportError.badFolder(path: sub, expected: "PNG frames", found: "an empty folder")
            }
            return .pngFrames(folder: sub, files: try NaturalSort.sorted(frames, in: sub).map { joinPath(sub, $0) })
        }
    }

    /// PNG file names and folder names in `folder` (hidden entries skipped); other files are an error.
    private static func entries(of folder: String) throws -> (pngs: [String], folders: [String]) {
        var pngs: [String] = [], folders: [String] = [], others: [String] = []
        for name in try listDirectoryOrThrow(folder) where !name.hasPrefix(".") {
            switch try kind(of: joinPath(folder, name)) {
            case .folder: folders.append(name)
            case .png: pngs.append(name)
            case .npy, .idx, .other: others.append(name)
            }
        }
        guard others.isEmpty else { throw ImportError.notImages(folder: folder, files: others) }
        return (pngs, folders)
    }

    /// What `path` is, following symlinks; loops, dangling links and unreadable entries throw naming it.
    static func kind(of path: String) throws -> Kind {
        var st = stat()
        if stat(path, &st) != 0 {
            let code = errno
            if code == ELOOP { throw ImportError.symlinkLoop(path: path) }
            var lst = stat()
            if code == ENOENT && lstat(path, &lst) == 0 {
                throw FileError.unreadable(path: path, reason: "symbolic link to a missing file")
            }
            if code == ENOENT { throw FileError.notFound(path: path) }
            throw FileError.unreadable(path: path, reason: errnoDescription(code))
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { return .folder }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return .other }
        if access(path, R_OK) != 0 { throw FileError.unreadable(path: path, reason: errnoDescription(errno)) }
        let lower = path.lowercased()
        if lower.hasSuffix(".png") { return .png }
        if lower.hasSuffix(".npy") { return .npy }
        if lower.hasSuffix(".idx") || lower.contains("-ubyte") || lower.hasSuffix(".idx.gz") { return .idx }
        return .other
    }
}

/// Orders names the way people number frames: digit runs compare as numbers (`f2` before `f10`).
public enum NaturalSort {
    /// A name split into text and number parts; equal keys mean the same frame index (`1.png`, `001.png`).
    public struct Key: Comparable, Hashable, Sendable {
        /// Alternating parts: text runs (lower-cased) and digit runs (leading zeros dropped).
        let parts: [Part]
        enum Part: Comparable, Hashable, Sendable { case number(String), text(String) }

        /// Part by part: numbers by value, text alphabetically, a number before text; a prefix first.
        public static func < (a: Key, b: Key) -> Bool {
            for (x, y) in zip(a.parts, b.parts) where x != y {
                switch (x, y) {
                case (.number(let p), .number(let q)): return p.count != q.count ? p.count < q.count : p < q
                case (.text(let p), .text(let q)): return p < q
                case (.number, .text): return true
                case (.text, .number): return false
                }
            }
            return a.parts.count < b.parts.count
        }
    }

    /// The sort key of a file name.
    public static func key(_ name: String) -> Key {
        var parts: [Key.Part] = []
        var run = "", digits = false
        func flush() {
            guard !run.isEmpty else { return }
            if digits {
                let trimmed = String(run.drop { $0 == "0" })
                parts.append(.number(trimmed.isEmpty ? "0" : trimmed))
            } else {
                parts.append(.text(run.lowercased()))
            }
            run = ""
        }
        for ch in name {
            let isDigit = ch.isASCII && ch.isNumber
            if isDigit != digits { flush(); digits = isDigit }
            run.append(ch)
        }
        flush()
        return Key(parts: parts)
    }

    /// `names` in natural order; two names with equal keys throw `duplicateIndex` naming both (in `folder`).
    public static func sorted(_ names: [String], in folder: String) throws -> [String] {
        let keyed = names.map { (key: key($0), name: $0) }.sorted { $0.key != $1.key ? $0.key < $1.key : $0.name < $1.name }
        for (a, b) in zip(keyed, keyed.dropFirst()) where a.key == b.key {
            throw ImportError.duplicateIndex(first: joinPath(folder, a.name), second: joinPath(folder, b.name))
        }
        return keyed.map(\.name)
    }
}
