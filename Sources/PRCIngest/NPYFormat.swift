import PRCCore

/// The NPY element types accepted: little-endian u8, i32, i64, f32, f64.
public enum NPYDType: String, Sendable, CaseIterable {
    case uint8 = "|u1", int32 = "<i4", int64 = "<i8", float32 = "<f4", float64 = "<f8"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .uint8: return 1
        case .int32, .float32: return 4
        case .int64, .float64: return 8
        }
    }

    /// numpy's name ("uint8", …).
    public var name: String {
        switch self {
        case .uint8: return "uint8"
        case .int32: return "int32"
        case .int64: return "int64"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }

    /// Parses a descr string; "<u1" and "u1" are accepted for uint8, "=" counts as little-endian.
    static func parse(_ descr: String) -> NPYDType? {
        switch descr {
        case "|u1", "<u1", "u1", "=u1": return .uint8
        case "<i4", "=i4": return .int32
        case "<i8", "=i8": return .int64
        case "<f4", "=f4": return .float32
        case "<f8", "=f8": return .float64
        default: return nil
        }
    }
}

/// The parsed header of a .npy file: dtype, shape and where the data starts.
public struct NPYHeader: Sendable, Equatable {
    /// Element type.
    public let dtype: NPYDType
    /// Dimensions, outermost first (C order).
    public let shape: [Int]
    /// Byte offset of the data.
    public let dataOffset: Int
    /// Number of data bytes the shape promises.
    public var dataBytes: Int { shape.reduce(1, *) * dtype.size }

    /// Encodes a header (version 1.0, or 2.0 when it would not fit) padded to a multiple of 64 bytes.
    public static func encode(dtype: NPYDType, shape: [Int]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(dtype.rawValue)', 'fortran_order': False, 'shape': \(shapeText), }"
        var prefix = 10
        if dict.utf8.count + 1 + prefix > 65535 { prefix = 12 }
        let total = (prefix + dict.utf8.count + 1 + 63) / 64 * 64
        dict += String(repeating: " ", count: total - prefix - dict.utf8.count - 1) + "\n"
        let len = dict.utf8.count
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8)
        if prefix == 10 {
            out += [1, 0, UInt8(len & 0xFF), UInt8(len >> 8)]
        } else {
            out += [2, 0, UInt8(len & 0xFF), UInt8((len >> 8) & 0xFF), UInt8((len >> 16) & 0xFF), UInt8(len >> 24)]
        }
        return out + Array(dict.utf8)
    }

    /// Parses the header at the start of `bytes` (which need only hold the header).
    public static func parse(_ bytes: [UInt8], path: String) throws -> NPYHeader {
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            if bytes.first == UInt8(ascii: "<") { throw IngestError.htmlPage(path: path, expected: "a .npy file") }
            let hex = bytes.prefix(6).map { String($0, radix: 16).leftPadded(2) }.joined(separator: " ")
            throw IngestError.badFormat(path: path, expected: "the NPY magic 93 'NUMPY'", found: "bytes \(hex)")
        }
        let major = bytes[6]
        let headerLength: Int, start: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; start = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw IngestError.sizeMismatch(path: path, what: "NPY preamble", expected: 12, found: bytes.count) }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24; start = 12
        default:
            throw IngestError.badFormat(path: path, expected: "NPY version 1.0, 2.0 or 3.0", found: "version \(major).\(bytes[7])")
        }
        guard bytes.count >= start + headerLength else {
            throw IngestError.sizeMismatch(path: path, what: "NPY header", expected: start + headerLength, found: bytes.count)
        }
        let text = String(decoding: bytes[start..<(start + headerLength)], as: UTF8.self)
        guard let descr = value(of: "descr", in: text).flatMap(unquote) else {
            throw IngestError.badFormat(path: path, expected: "a header dict with 'descr'", found: text.trimmed)
        }
        guard let dtype = NPYDType.parse(descr) else {
            let what = descr.contains("O") ? "object dtype '\(descr)' (never loaded: it would run pickled code)" : "dtype '\(descr)'"
            throw IngestError.badFormat(path: path, expected: "little-endian uint8, int32, int64, float32 or float64", found: what)
        }
        guard let fortran = value(of: "fortran_order", in: text) else {
            throw IngestError.badFormat(path: path, expected: "a header dict with 'fortran_order'", found: text.trimmed)
        }
        guard fortran == "False" else {
            throw IngestError.badFormat(path: path, expected: "C order (fortran_order False)", found: "fortran_order \(fortran)")
        }
        guard let shapeValue = value(of: "shape", in: text), let shape = parseShape(shapeValue) else {
            throw IngestError.badFormat(path: path, expected: "a header dict with a 'shape' tuple of whole numbers", found: text.trimmed)
        }
        guard let n = checkedProduct(shape + [dtype.size]), n <= Int.max / 2 else {
            throw IngestError.badFormat(path: path, expected: "a shape whose size fits in memory", found: shapeValue)
        }
        return NPYHeader(dtype: dtype, shape: shape, dataOffset: start + headerLength)
    }

    /// The raw text after `'key':` up to the next top-level comma or closing brace.
    private static func value(of key: String, in text: String) -> String? {
        let chars = Array(text)
        let pattern = Array("'\(key)'")
        guard chars.count >= pattern.count else { return nil }
        var i = 0
        while i + pattern.count <= chars.count {
            if Array(chars[i..<(i + pattern.count)]) == pattern { break }
            i += 1
        }
        guard i + pattern.count <= chars.count else { return nil }
        i += pattern.count
        while i < chars.count, chars[i] == " " || chars[i] == ":" { i += 1 }
        var depth = 0, out = ""
        while i < chars.count {
            let c = chars[i]
            if c == "(" || c == "[" { depth += 1 }
            if c == ")" || c == "]" { depth -= 1 }
            if depth == 0 && (c == "," || c == "}") { break }
            out.append(c); i += 1
            if depth < 0 { return nil }
        }
        return out.trimmed
    }

    private static func unquote(_ s: String) -> String? {
        guard s.count >= 2, let f = s.first, (f == "'" || f == "\""), s.last == f else { return nil }
        return String(s.dropFirst().dropLast())
    }

    private static func parseShape(_ s: String) -> [Int]? {
        guard s.hasPrefix("("), s.hasSuffix(")") else { return nil }
        let inner = s.dropFirst().dropLast()
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let t = String(part.filter { $0 != " " && $0 != "L" })
            if t.isEmpty { continue }
            guard let v = Int(t), v >= 0 else { return nil }
            shape.append(v)
        }
        return shape
    }
}

extension String {
    /// Without leading and trailing spaces and newlines.
    var trimmed: String {
        let ws: Set<Character> = [" ", "\n", "\r", "\t"]
        var sub = Substring(self)
        while let f = sub.first, ws.contains(f) { sub = sub.dropFirst() }
        while let l = sub.last, ws.contains(l) { sub = sub.dropLast() }
        return String(sub)
    }
}
