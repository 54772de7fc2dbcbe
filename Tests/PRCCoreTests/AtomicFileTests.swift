import Testing
import Foundation
@testable import PRCCore

@Suite(.serialized) struct AtomicFileTests {
    func tempDir() -> String {
        let d = NSTemporaryDirectory() + "prc-core-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func writesAndRenames() throws {
        let d = tempDir()
        let path = d + "/sub/file.txt"
        try writeFileAtomically(path, text: "hello")
        #expect(try readWholeFile(path) == Array("hello".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: d + "/sub") == ["file.txt"])
    }

    @Test func uncommittedWriterLeavesNothing() throws {
        let d = tempDir()
        do {
            let w = try AtomicFileWriter(path: d + "/x.bin")
            try w.write([1, 2, 3])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: d).isEmpty)
    }

    @Test func fullDiskIsAClearErrorAndLeavesNothing() throws {
        let d = tempDir()
        AtomicFileWriter.faultPathPrefix = d
        AtomicFileWriter.faultAfterBytes = 2
        defer { AtomicFileWriter.faultPathPrefix = nil }
        #expect(throws: FileError.self) { try writeFileAtomically(d + "/y.bin", bytes: [1, 2, 3]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: d).isEmpty)
    }

    @Test func parentIsAFile() throws {
        let d = tempDir()
        try writeFileAtomically(d + "/plain", text: "x")
        do { try writeFileAtomically(d + "/plain/inner.txt", text: "y"); Issue.record("no error") } catch let e as FileError {
            #expect(e.description.contains("plain"))
        }
    }

    @Test func readLimit() throws {
        let d = tempDir()
        try writeFileAtomically(d + "/big", bytes: [UInt8](repeating: 7, count: 100))
        #expect(throws: FileError.self) { try readWholeFile(d + "/big", limit: 10) }
        #expect(throws: FileError.self) { try readWholeFile(d + "/absent") }
    }

    @Test func pathHelpers() {
        #expect(parentDirectory(of: "a/b/c.txt") == "a/b")
        #expect(parentDirectory(of: "c.txt") == ".")
        #expect(parentDirectory(of: "/c.txt") == "/")
        #expect(joinPath("a", "b/", "c") == "a/b/c")
    }
}
