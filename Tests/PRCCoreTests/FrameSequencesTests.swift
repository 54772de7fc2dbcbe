import Testing
@testable import PRCCore

@Suite struct FrameSequencesTests {
    @Test func layoutAndFloats() throws {
        // 2 sequences of lengths 2 and 1, padded to 2 frames of 1×2 pixels.
        let bytes: [UInt8] = [0, 255, 51, 102, 10, 20, 0, 0]
        let f = try FrameSequences(height: 1, width: 2, lengths: [2, 1], storage: ByteStorage(bytes))
        #expect(f.frameSize == 2 && f.maxLength == 2 && f.totalFrames == 3)
        #expect(Array(f.frame(0, 1)) == [51, 102])
        #expect(Array(f.frame(1, 0)) == [10, 20])
        var out = [Float](repeating: -1, count: 2)
        out.withUnsafeMutableBufferPointer { f.loadFloats(0, 0, into: $0.baseAddress!) }
        #expect(out == [0, 1])
        let s = try f.subset([1])
        #expect(s.lengths == [1] && Array(s.frame(0, 0)) == [10, 20])
    }

    @Test func sizeMismatchIsAnError() {
        #expect(throws: RuntimeFailure.self) {
            try FrameSequences(height: 2, width: 2, lengths: [1], storage: ByteStorage([1, 2, 3]))
        }
    }
}
