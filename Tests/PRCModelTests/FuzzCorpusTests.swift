import Foundation
import PRCCore
import Testing
@testable import PRCModel

/// The committed fuzzing corpora of the model's readers (fuzz/corpus/safetensors, fuzz/corpus/json) run in
/// the normal suite: each file is read or rejected with an error, never a crash.
@Suite struct FuzzCorpusTests {
    static func corpus(_ target: String) -> [String] {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let dir = url.path + "/fuzz/corpus/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    @Test func safetensorsCorpus() throws {
        let files = Self.corpus("safetensors")
        #expect(files.count >= 5)
        var valid = 0
        for path in files {
            guard let f = try? Safetensors.read(path) else { continue }
            valid += 1
            for t in f.tensors { #expect(t.values.count == t.shape.reduce(1, *), "\(path): \(t.name)") }
        }
        #expect(valid >= 2, "the valid seeds must still read")
    }

    @Test func configCorpus() throws {
        let files = Self.corpus("json")
        #expect(files.count >= 5)
        for path in files {
            let text = String(decoding: try readWholeFile(path), as: UTF8.self)
            do { _ = try ModelConfig.parse(json: text, source: path) } catch let e as FileError {
                #expect(e.description.hasPrefix(path), "\(e)")
            }
        }
    }
}
