import PRCCore

/// Orders names the way people number frames: digit runs compare as numbers (`f2` before `f10`).
public enum NaturalSort {
    /// A name split into text and number parts; equal keys mean the same frame index (`1.png`, `001.png`).
    public struct Key: Comparable, Hashable, Sendable {
        /// Alternating parts: text runs (lower-cased) and digit runs (leading zeros dropped).
        let parts: [Part]
        enum Part: Comparable, Hashable, Sendable { case number(String), text(String) }

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
