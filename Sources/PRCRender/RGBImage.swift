/// An 8-bit sRGB colour.
public struct RGB: Sendable, Equatable {
    /// Red 0…255.
    public var r: UInt8
    /// Green 0…255.
    public var g: UInt8
    /// Blue 0…255.
    public var b: UInt8
    /// Creates a colour from its three components.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
    /// A grey level.
    public init(gray v: UInt8) { self.init(v, v, v) }

    /// Page background of all pictures.
    public static let background = RGB(255, 255, 255)
    /// Text colour of labels.
    public static let ink = RGB(40, 40, 40)
    /// Muted text colour (secondary labels).
    public static let mutedInk = RGB(120, 120, 120)
}

/// A raster picture: width × height pixels, 3 bytes (R, G, B) each, row-major, top row first.
public struct RGBImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// The bytes, width × height × 3.
    public var pixels: [UInt8]

    /// Creates a picture filled with one colour.
    public init(width: Int, height: Int, fill: RGB = .background) {
        precondition(width > 0 && height > 0, "an image needs at least one pixel")
        self.width = width; self.height = height
        var px = [UInt8](repeating: 0, count: width * height * 3)
        px.withUnsafeMutableBufferPointer { p in
            for i in 0..<(width * height) { p[3 * i] = fill.r; p[3 * i + 1] = fill.g; p[3 * i + 2] = fill.b }
        }
        pixels = px
    }

    /// Wraps existing RGB bytes (count must be width × height × 3).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 3, "RGB bytes do not match the size")
        self.width = width; self.height = height; self.pixels = pixels
    }

    /// The colour at (x, y).
    public func pixel(_ x: Int, _ y: Int) -> RGB {
        let i = (y * width + x) * 3
        return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Sets the colour at (x, y); ignores points outside the picture.
    public mutating func setPixel(_ x: Int, _ y: Int, _ c: RGB) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = (y * width + x) * 3
        pixels[i] = c.r; pixels[i + 1] = c.g; pixels[i + 2] = c.b
    }

    /// Fills a rectangle (clipped to the picture).
    public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, _ c: RGB) {
        let x0 = max(0, x), y0 = max(0, y), x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        let W = width
        pixels.withUnsafeMutableBufferPointer { p in
            let base = p.baseAddress!
            for yy in y0..<y1 {
                var q = base + (yy * W + x0) * 3
                for _ in x0..<x1 { q[0] = c.r; q[1] = c.g; q[2] = c.b; q += 3 }
            }
        }
    }

    /// Draws a 1-pixel rectangle outline.
    public mutating func strokeRect(x: Int, y: Int, width w: Int, height h: Int, _ c: RGB) {
        fillRect(x: x, y: y, width: w, height: 1, c)
        fillRect(x: x, y: y + h - 1, width: w, height: 1, c)
        fillRect(x: x, y: y, width: 1, height: h, c)
        fillRect(x: x + w - 1, y: y, width: 1, height: h, c)
    }

    /// Copies `tile` at (x, y), each source pixel becoming a `scale`×`scale` block (nearest neighbour).
    public mutating func blit(_ tile: RGBImage, x: Int, y: Int, scale: Int = 1) {
        blit(tile, x: x, y: y, scaleX: scale, scaleY: scale)
    }

    /// Copies `tile` at (x, y) with separate horizontal and vertical nearest-neighbour factors.
    public mutating func blit(_ tile: RGBImage, x: Int, y: Int, scaleX sx: Int, scaleY sy: Int) {
        precondition(sx >= 1 && sy >= 1, "scale must be at least 1")
        let W = width, H = height
        let tw = tile.width, th = tile.height
        tile.pixels.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                let s = src.baseAddress!, d = dst.baseAddress!
                for ty in 0..<th {
                    for ry in 0..<sy {
                        let yy = y + ty * sy + ry
                        guard yy >= 0, yy < H else { continue }
                        let row = d + yy * W * 3
                        var sp = s + ty * tw * 3
                        for tx in 0..<tw {
                            let r = sp[0], g = sp[1], b = sp[2]
                            let xs = x + tx * sx
                            for rx in 0..<sx {
                                let xx = xs + rx
                                if xx >= 0 && xx < W {
                                    let q = row + xx * 3
                                    q[0] = r; q[1] = g; q[2] = b
                                }
                            }
                            sp += 3
                        }
                    }
                }
            }
        }
    }

    /// A tile from 8-bit values: channels 1 (grey) or 3 (RGB), width × height × channels bytes.
    public static func fromBytes(_ bytes: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int) -> RGBImage {
        precondition(channels == 1 || channels == 3, "channels must be 1 or 3")
        precondition(bytes.count >= width * height * channels, "not enough bytes for the tile")
        var px = [UInt8](repeating: 0, count: width * height * 3)
        px.withUnsafeMutableBufferPointer { d in
            if channels == 3 {
                d.baseAddress!.update(from: bytes.baseAddress!, count: width * height * 3)
            } else {
                for i in 0..<(width * height) { let v = bytes[i]; d[3 * i] = v; d[3 * i + 1] = v; d[3 * i + 2] = v }
            }
        }
        return RGBImage(width: width, height: height, pixels: px)
    }

    /// A tile from values in [0, 1] coloured through a colour map (one value per pixel).
    public static func fromValues(_ values: [Float], width: Int, height: Int, colorMap: ColorMap) -> RGBImage {
        precondition(values.count == width * height, "value count does not match the tile size")
        var px = [UInt8](repeating: 0, count: width * height * 3)
        px.withUnsafeMutableBufferPointer { d in
            for i in 0..<values.count {
                let c = colorMap.color(values[i])
                d[3 * i] = c.r; d[3 * i + 1] = c.g; d[3 * i + 2] = c.b
            }
        }
        return RGBImage(width: width, height: height, pixels: px)
    }
}
