import Foundation
import PRCCore
import Testing
@testable import PRCIngest

@Suite struct NPYTests {
    @Test func headerIsPaddedTo64AndParsesBack() throws {
        for shape in [[3], [2, 3], [1000, 20, 64, 64], [], [0, 5]] {
            let h = NPYHeader.encode(dtype: .uint8, shape: shape)
            #expect(h.count % 64 == 0)
            #expect(h.last == 0x0A)
            let parsed = try NPYHeader.parse(h, path: "h.npy")
            #expect(parsed.shape == shape && parsed.dtype == .uint8 && parsed.dataOffset == h.count)
        }
    }

    @Test func roundTripInSwift() throws {
        let dir = makeTempDir("npy"); defer { removeTree(dir) }
        let t = FloatTensor(shape: [2, 3], values: [0, 1.5, -2, 3.25, 1e-7, 42])
        try NPY.write(t, to: joinPath(dir, "f.npy"))
        #expect(try NPY.readFloat32(joinPath(dir, "f.npy")) == t)
        let bytes: [UInt8] = [0, 1, 2, 253, 254, 255]
        try bytes.withUnsafeBytes { try NPY.writeUInt8(shape: [1, 2, 3], bytes: $0, to: joinPath(dir, "u.npy")) }
        let u = try NPY.read(joinPath(dir, "u.npy"))
        #expect(u.shape == [1, 2, 3] && u.doubles() == bytes.map(Double.init))
        #expect(try NPY.readFloat32(joinPath(dir, "u.npy")).values == bytes.map(Float.init))
        try NPY.writeInt32(shape: [3], values: [-5, 258, 7], to: joinPath(dir, "i.npy"))
        #expect(try NPY.readInt32(joinPath(dir, "i.npy")).values == [-5, 258, 7])
    }

    @Test func rejectsFortranObjectBigEndianAndTruncated() throws {
        let dir = makeTempDir("npy"); defer { removeTree(dir) }
        func fixture(_ dict: String, data: [UInt8] = [0, 0, 0, 0]) -> String {
            var text = dict
            while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
            text += "\n"
            let n = text.utf8.count
            let path = joinPath(dir, "f\(UInt32.random(in: 0...UInt32.max)).npy")
            writeFixture(path, [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(n & 255), UInt8(n >> 8)] + Array(text.utf8) + data)
            return path
        }
        let fortran = fixture("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }")
        #expect { try NPY.read(fortran) } throws: { "\($0)".contains("C order") && "\($0)".contains(fortran) }
        let object = fixture("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }")
        #expect { try NPY.read(object) } throws: { "\($0)".contains("object dtype") }
        let big = fixture("{'descr': '>i4', 'fortran_order': False, 'shape': (1,), }")
        #expect { try NPY.read(big) } throws: { "\($0)".contains("little-endian") }
        let short = fixture("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000,), }")
        #expect { try NPY.read(short) } throws: { "\($0)".contains("expected 8000000128 bytes") && "\($0)".contains("found 132 bytes") }
        let html = joinPath(dir, "page.npy")
        writeFixture(html, Array("<html>oops</html>".utf8))
        #expect { try NPY.read(html) } throws: { "\($0)".contains("HTML") }
    }

    @Test(.enabled(if: numpyAvailable || pythonRequired, "python3 with numpy not found (set PRC_REQUIRE_PYTHON=1 to make this fail)"))
    func numpyLoadsOurFilesAndWeLoadNumpys() throws {
        let dir = makeTempDir("npy"); defer { removeTree(dir) }
        let bytes: [UInt8] = (0..<24).map { UInt8($0 * 11 % 256) }
        try bytes.withUnsafeBytes { try NPY.writeUInt8(shape: [2, 3, 2, 2], bytes: $0, to: joinPath(dir, "u8.npy")) }
        try NPY.write(FloatTensor(shape: [2, 2], values: [0.5, -1.25, 3e-5, 1e20]), to: joinPath(dir, "f32.npy"))
        try NPY.writeInt32(shape: [2, 2], values: [5, 258, -7, 2_000_000_000], to: joinPath(dir, "i32.npy"))
        try NPY.writeFloat64(shape: [3], values: [1.0 / 3.0, -2, 1e300], to: joinPath(dir, "f64.npy"))
        let script = """
        import sys, numpy as np
        d = sys.argv[1]
        u = np.load(d + '/u8.npy'); assert u.dtype == np.uint8 and u.shape == (2, 3, 2, 2), (u.dtype, u.shape)
        assert (u.ravel() == (np.arange(24) * 11 % 256)).all()
        f = np.load(d + '/f32.npy'); assert f.dtype == np.float32 and (f == np.array([[0.5, -1.25], [3e-5, 1e20]], np.float32)).all()
        i = np.load(d + '/i32.npy'); assert i.dtype == np.int32 and i.tolist() == [[5, 258], [-7, 2000000000]]
        g = np.load(d + '/f64.npy'); assert g.dtype == np.float64 and g.tolist() == [1/3, -2.0, 1e300]
        from numpy.lib import format as fmt
        with open(d + '/v2.npy', 'wb') as fh: fmt.write_array(fh, np.array([[1.5, 2.5]], np.float64), version=(2, 0))
        with open(d + '/v3.npy', 'wb') as fh: fmt.write_array(fh, np.array([7, -8, 2**40], np.int64), version=(3, 0))
        np.save(d + '/fortran.npy', np.asfortranarray(np.arange(6, dtype=np.uint8).reshape(2, 3)))
        np.save(d + '/object.npy', np.array([{'a': 1}], dtype=object), allow_pickle=True)
        print('ok')
        """
        let (status, output) = runPython(script, [dir])
        #expect(status == 0, "python said: \(output)")
        #expect(try NPY.read(joinPath(dir, "v2.npy")).doubles() == [1.5, 2.5])
        let v3 = try NPY.read(joinPath(dir, "v3.npy"))
        #expect(v3.dtype == .int64 && v3.doubles() == [7, -8, 1_099_511_627_776])
        #expect(throws: IngestError.self) { try NPY.read(joinPath(dir, "fortran.npy")) }
        #expect { try NPY.read(joinPath(dir, "object.npy")) } throws: { "\($0)".contains("object dtype") }
    }
}
