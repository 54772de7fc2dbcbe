import CPNG
import Foundation
import PRCCore

/// What a test PNG holds; written with libpng's classic write API so every colour type, bit depth,
/// palette, tRNS and interlace can be produced exactly.
struct PNGFixture {
    /// PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.
    var colorType: Int32
    /// Bits per sample: 1, 2, 4, 8 or 16.
    var bitDepth: Int32
    var width: Int
    var height: Int
    /// width × height × samples-per-pixel values (palette: indices), each < 2^bitDepth.
    var samples: [Int]
    var interlaced = false
    /// Palette entries (colour type 3).
    var palette: [(UInt8, UInt8, UInt8)] = []
    /// tRNS: alpha per palette entry (colour type 3).
    var paletteAlpha: [UInt8] = []
    /// tRNS: the transparent gray value (type 0) or RGB value (type 2).
    var transparent: (Int, Int, Int)? = nil

    var samplesPerPixel: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]! }

    /// Writes the PNG to `path` (test fixture; aborts on a libpng error, which would be a test bug).
    func write(_ path: String) {
        precondition(samples.count == width * height * samplesPerPixel, "fixture samples do not match its size")
        guard let file = fopen(path, "wb") else { fatalError("cannot create \(path)") }
        defer { fclose(file) }
        var png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nil, nil, nil)
        var info = png_create_info_struct(png)
        defer { png_destroy_write_struct(&png, &info) }
        png_init_io(png, file)
        png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), bitDepth, colorType,
                     interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT)
        if !palette.isEmpty {
            var entries = palette.map { png_color(red: $0.0, green: $0.1, blue: $0.2) }
            png_set_PLTE(png, info, &entries, Int32(entries.count))
        }
        if !paletteAlpha.isEmpty {
            var alpha = paletteAlpha
            png_set_tRNS(png, info, &alpha, Int32(alpha.count), nil)
        }
        if let t = transparent {
            var color = png_color_16(index: 0, red: UInt16(t.0), green: UInt16(t.1), blue: UInt16(t.2), gray: UInt16(t.0))
            png_set_tRNS(png, info, nil, 0, &color)
        }
        png_write_info(png, info)
        if bitDepth < 8 { png_set_packing(png) }  // one sample per byte in, packed by libpng
        let rowSamples = width * samplesPerPixel
        let bytesPerSample = bitDepth == 16 ? 2 : 1
        var rows: [[UInt8]] = (0..<height).map { y in
            var row = [UInt8]()
            for v in samples[(y * rowSamples)..<((y + 1) * rowSamples)] {
                if bytesPerSample == 2 { row += [UInt8(v >> 8), UInt8(v & 255)] } else { row.append(UInt8(v)) }
            }
            return row
        }
        let passes = interlaced ? png_set_interlace_handling(png) : 1
        for _ in 0..<passes {
            for y in 0..<height { rows[y].withUnsafeMutableBufferPointer { png_write_row(png, $0.baseAddress) } }
        }
        png_write_end(png, info)
    }
}
