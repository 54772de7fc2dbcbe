import Foundation
import PRCCore

/// Any JSON value, decoded exactly (booleans stay booleans, numbers stay numbers).
enum JSONValue: Codable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let d): if d == d.rounded(), abs(d) < 1e15 { try c.encode(Int64(d)) } else { try c.encode(d) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Compact JSON text, for messages that quote a value.
    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number: return scalarText ?? ""
        case .string(let t): return "\"\(t)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\"\($0)\": \(o[$0] ?? .null)" }.joined(separator: ", ") + "}"
        }
    }

    /// Text of a scalar (for the shared option parsers); nil for null, arrays and objects.
    var scalarText: String? {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case .string(let s): return s
        default: return nil
        }
    }

    /// The dictionary of an object value.
    var object: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }
    /// The elements of an array value.
    var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    /// The string of a string value.
    var string: String? { if case .string(let s) = self { return s }; return nil }
    /// The number of a number value.
    var number: Double? { if case .number(let d) = self { return d }; return nil }
    /// The value of a whole number that fits in `Int` (not 2.5, not 1e300), else nil.
    var wholeNumber: Int? {
        guard case .number(let d) = self, d == d.rounded(), abs(d) < 9e15 else { return nil }
        return Int(d)
    }
}

/// Reads a JSON object from a file, with errors naming the file.
func readJSONObject(_ path: String) throws -> [String: JSONValue] {
    let bytes = try readWholeFile(path, limit: 64 << 20)
    let value: JSONValue
    do { value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) } catch {
        throw FileError.invalid(path: path, expected: "a JSON object", found: "malformed JSON")
    }
    guard let o = value.object else { throw FileError.invalid(path: path, expected: "a JSON object", found: "another JSON type") }
    return o
}

/// Pretty, key-sorted JSON text of an Encodable value.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try e.encode(value), as: UTF8.self) + "\n"
}

/// Converts an Encodable value to a JSON object (for merging keys).
func jsonObject<T: Encodable>(_ value: T) throws -> [String: JSONValue] {
    let data = try JSONEncoder().encode(value)
    return try JSONDecoder().decode(JSONValue.self, from: data).object ?? [:]
}
