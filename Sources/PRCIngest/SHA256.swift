import CCrypto
import PRCCore

/// SHA-256 through OpenSSL's EVP interface, streaming or one-shot, as lowercase hex.
public final class SHA256Hasher {
    private let context: OpaquePointer?

    /// Starts a new digest.
    public init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Adds an array of bytes to the digest.
    public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Finishes and returns the digest as 64 lowercase hex characters.
    public func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return hexString(digest)
    }

    /// One-shot SHA-256 of a byte array.
    public static func hex(_ bytes: [UInt8]) -> String {
        let h = SHA256Hasher(); h.update(bytes); return h.finalizeHex()
    }

    /// One-shot SHA-256 of raw bytes.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let h = SHA256Hasher(); h.update(bytes); return h.finalizeHex()
    }

    /// SHA-256 of a file's bytes as stored (no decompression), read in chunks.
    public static func hex(fileAt path: String) throws -> String {
        let storage = try mapWholeFile(path)
        return hex(storage.bytes)
    }
}

/// Lowercase hex of bytes.
func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8](); out.reserveCapacity(bytes.count * 2)
    for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
    return String(decoding: out, as: UTF8.self)
}

/// Memory-maps a whole file read-only (size taken from the file itself).
func mapWholeFile(_ path: String) throws -> ByteStorage {
    guard let size = fileSize(path) else {
        if !fileExists(path) { throw FileError.notFound(path: path) }
        throw FileError.unreadable(path: path, reason: "cannot stat")
    }
    return try ByteStorage(mapping: path, offset: 0, length: size)
}
