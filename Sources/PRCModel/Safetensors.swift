import Foundation
import PRCCore

/// The safetensors format: u64 little-endian header length, JSON header, raw little-endian data.
public enum Safetensors {
    /// Writes F32 tensors and a string→string metadata map to `path` atomically.
    public static func write(_ tensors: [NamedTensor], metadata: [String: String], to path: String) throws {
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for t in tensors {
            let bytes = t.values.count * 4
            let shape = t.shape.map(String.init).joined(separator: ",")
            entries.append("\(jsonString(t.name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var prefix = [UInt8](repeating: 0, count: 8)
        var n = UInt64(header.count)
        for i in 0..<8 { prefix[i] = UInt8(truncatingIfNeeded: n); n >>= 8 }
        let w = try AtomicFileWriter(path: path)
        try w.write(prefix)
        try w.write(header)
        for t in tensors {
            var le = t.values.map { $0.bitPattern.littleEndian }
            try le.withUnsafeMutableBytes { try w.write(UnsafeRawBufferPointer($0)) }
        }
        try w.commit()
    }

    /// Reads every tensor and the metadata of a safetensors file, validating its whole layout.
    public static func read(_ path: String) throws -> (tensors: [NamedTensor], metadata: [String: String]) {
        let bytes = try readWholeFile(path)
        func bad(_ e: String, _ f: String) -> CheckpointError { .malformed(path: path, expected: e, found: f) }
        guard bytes.count >= 8 else { throw bad("at least 8 bytes", "\(bytes.count) bytes") }
        var n: UInt64 = 0
        for i in (0..<8).reversed() { n = n << 8 | UInt64(bytes[i]) }
        guard n >= 2, n <= UInt64(bytes.count - 8) else {
            throw bad("a header length within the file (\(bytes.count - 8) bytes after the length)", "\(n)")
        }
        let headerEnd = 8 + Int(n)
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])) } catch {
            throw bad("a JSON header", "text that does not parse as JSON")
        }
        guard let header = object as? [String: Any] else { throw bad("a JSON object header", "another JSON value") }
        var metadata: [String: String] = [:]
        if let m = header["__metadata__"] {
            guard let dict = m as? [String: Any] else { throw bad("__metadata__ as an object", "\(type(of: m))") }
            for (k, v) in dict {
                guard let s = v as? String else { throw bad("string values in __metadata__", "a non-string at \"\(k)\"") }
                metadata[k] = s
            }
        }
        let dataSize = bytes.count - headerEnd
        var spans: [(name: String, shape: [Int], start: Int, end: Int)] = []
        for (name, value) in header where name != "__metadata__" {
            guard let e = value as? [String: Any] else { throw bad("an object for tensor \"\(name)\"", "\(value)") }
            guard let dtype = e["dtype"] as? String else { throw bad("a dtype for tensor \"\(name)\"", "none") }
            guard dtype == "F32" else { throw bad("dtype F32 for tensor \"\(name)\"", dtype) }
            guard let shape = intArray(e["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw bad("a shape of non-negative integers for tensor \"\(name)\"", "\(e["shape"] ?? "none")")
            }
            guard let offs = intArray(e["data_offsets"]), offs.count == 2, offs[0] >= 0, offs[0] <= offs[1],
                  offs[1] <= dataSize else {
                throw bad("data_offsets [begin, end] within the \(dataSize) data bytes for tensor \"\(name)\"",
                          "\(e["data_offsets"] ?? "none")")
            }
            var count = 1
            for d in shape {
                let (p, o) = count.multipliedReportingOverflow(by: d)
                guard !o, p <= dataSize else { throw bad("a shape that fits the data for tensor \"\(name)\"", "\(shape)") }
                count = p
            }
            guard count * 4 == offs[1] - offs[0] else {
                throw bad("\(count * 4) bytes for tensor \"\(name)\" of shape \(shape)", "\(offs[1] - offs[0]) bytes")
            }
            spans.append((name, shape, offs[0], offs[1]))
        }
        spans.sort { ($0.start, $0.end, $0.name) < ($1.start, $1.end, $1.name) }
        var expectedStart = 0
        for s in spans {
            guard s.start == expectedStart else {
                throw bad("contiguous tensor data (tensor \"\(s.name)\" to start at byte \(expectedStart))", "\(s.start)")
            }
            expectedStart = s.end
        }
        guard expectedStart == dataSize else {
            throw bad("tensor data covering all \(dataSize) data bytes", "\(expectedStart) bytes covered")
        }
        let tensors = spans.map { s -> NamedTensor in
            let count = (s.end - s.start) / 4
            var values = [Float](repeating: 0, count: count)
            let base = headerEnd + s.start
            bytes.withUnsafeBytes { src in
                values.withUnsafeMutableBytes { dst in
                    if count > 0 { dst.baseAddress!.copyMemory(from: src.baseAddress! + base, byteCount: count * 4) }
                }
            }
            #if _endian(big)
            values = values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
            #endif
            return NamedTensor(name: s.name, shape: s.shape, values: values)
        }
        return (tensors, metadata)
    }

    /// An array of integers from a JSON value, or nil.
    private static func intArray(_ v: Any?) -> [Int]? {
        guard let arr = v as? [Any] else { return nil }
        var out: [Int] = []
        for x in arr {
            guard let num = x as? NSNumber else { return nil }
            let d = num.doubleValue
            guard d == d.rounded(), abs(d) < 9e15 else { return nil }
            out.append(num.intValue)
        }
        return out
    }

    /// A JSON string literal for `s`.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
