#!/usr/bin/env python3
"""Writes the small seed corpora of fuzz/corpus/<target>/ (valid and invalid files of each format)."""
import gzip, io, json, os, struct, sys, zlib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

def put(target, name, data):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

# IDX
def idx(type_byte, shape, payload):
    return bytes([0, 0, type_byte, len(shape)]) + b"".join(struct.pack(">I", d) for d in shape) + payload
u8 = idx(0x08, [2, 3, 3], bytes(range(18)))
put("idx", "u8-2x3x3.idx", u8)
put("idx", "u8-2x3x3.idx.gz", gzip.compress(u8, mtime=0))
put("idx", "labels-4.idx", idx(0x08, [4], bytes([1, 2, 3, 9])))
put("idx", "f32-3.idx", idx(0x0D, [3], struct.pack(">3f", 0.5, -1.0, 2.0)))
put("idx", "i16-2x2.idx", idx(0x0B, [2, 2], struct.pack(">4h", 1, -2, 3, -4)))
put("idx", "f64-1.idx", idx(0x0E, [1], struct.pack(">d", 3.25)))
put("idx", "truncated.idx", u8[:-5])
put("idx", "bad-type.idx", idx(0x07, [1], b"\x00"))
put("idx", "bomb.idx", idx(0x08, [60000, 60000, 60000], b""))
put("idx", "bomb.idx.gz", gzip.compress(idx(0x08, [100000, 28, 28], b"\x00" * 64), mtime=0))
put("idx", "html.idx", b"<html><body>not found</body></html>")

# NPY
def npy(descr, shape, payload, version=1):
    d = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, "".join(f"{s}, " for s in shape).rstrip(" ") if len(shape) != 1 else f"{shape[0]},")
    pre = 10 if version == 1 else 12
    pad = (64 - (pre + len(d) + 1) % 64) % 64
    h = (d + " " * pad + "\n").encode()
    ln = struct.pack("<H", len(h)) if version == 1 else struct.pack("<I", len(h))
    return b"\x93NUMPY" + bytes([version, 0]) + ln + h + payload
put("npy", "u8-2x2x2.npy", npy("|u1", [2, 2, 2], bytes(range(8))))
put("npy", "f32-3.npy", npy("<f4", [3], struct.pack("<3f", 1, 2, 3)))
put("npy", "i32-2x2.npy", npy("<i4", [2, 2], struct.pack("<4i", 1, -1, 2, -2)))
put("npy", "i64-1.npy", npy("<i8", [1], struct.pack("<q", 7), version=2))
put("npy", "f64-scalar.npy", npy("<f8", [], struct.pack("<d", 1.5)))
put("npy", "object.npy", npy("|O", [1], b"\x00" * 8))
put("npy", "fortran.npy", npy("<f4", [1], b"\x00" * 4).replace(b"False", b"True "))
put("npy", "truncated.npy", npy("<f4", [4], b"\x00" * 8))
put("npy", "bomb.npy", npy("|u1", [1 << 40, 1 << 40], b""))

# PNG (hand-built so the corpus needs no imaging library)
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
def png(w, h, depth, color, rows, extra=b""):
    raw = b"".join(b"\x00" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 0)) + extra
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
put("png", "gray-3x2.png", png(3, 2, 8, 0, [b"\x00\x80\xff", b"\x10\x20\x30"]))
put("png", "rgb-2x2.png", png(2, 2, 8, 2, [b"\xff\x00\x00\x00\xff\x00", b"\x00\x00\xff\xff\xff\xff"]))
put("png", "rgba-1x1.png", png(1, 1, 8, 6, [b"\x10\x20\x30\x80"]))
put("png", "gray16-2x1.png", png(2, 1, 16, 0, [b"\x12\x34\xff\xff"]))
put("png", "palette-2x1.png", png(2, 1, 8, 3, [b"\x00\x01"], extra=chunk(b"PLTE", b"\x00\x00\x00\xff\xff\xff")))
put("png", "gray1-8x1.png", png(8, 1, 1, 0, [b"\xaa"]))
put("png", "truncated.png", png(3, 2, 8, 0, [b"\x00\x80\xff", b"\x10\x20\x30"])[:40])
put("png", "bomb.png", png(100000, 100000, 8, 0, [b"\x00"]))
put("png", "not-png.png", b"GIF89a\x01\x00\x01\x00")

# safetensors
def st(header, data):
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + data
put("safetensors", "two.safetensors", st({"__metadata__": {"config": "{}"}, "W": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                                          "b": {"dtype": "F32", "shape": [2], "data_offsets": [16, 24]}}, struct.pack("<6f", 1, 2, 3, 4, 5, 6)))
put("safetensors", "empty.safetensors", st({}, b""))
put("safetensors", "scalar.safetensors", st({"s": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]}}, struct.pack("<f", 1)))
put("safetensors", "overlap.safetensors", st({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                                              "b": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, b"\x00" * 4))
put("safetensors", "bad-length.safetensors", struct.pack("<Q", 1 << 60) + b"{}")
put("safetensors", "f16.safetensors", st({"h": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}}, b"\x00\x00"))
put("safetensors", "bomb-shape.safetensors", st({"a": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 4]}}, b"\x00" * 4))

# JSON: manifests and model configs
manifest = {"channels": 1, "extras": [], "format": 1, "framesBytes": 144, "kind": "binary", "layout": "NTHW",
            "lengths": [2, 2], "name": "chain", "parameters": {"seed": "0"}, "shape": [2, 2, 2, 2], "dtype": "uint8",
            "toolVersion": "0.1.0",
            "labels": {"file": "labels.npy", "dtype": "int32", "shape": [2, 2], "meaning": "digit"},
            "mnist": {"source": "cache", "location": "/x", "payloadSHA256": {"a": "00"}, "usedSample": False}}
put("json", "manifest.json", json.dumps(manifest, indent=2))
put("json", "config.json", json.dumps({"model": "prc", "hidden": 8, "epochs": 2, "lr_f": 0.05, "schedule": "two-phase:3",
                                       "seed": 7, "hidden_activation": "tanh", "visible_activation": "linear"}))
put("json", "config-direct.json", json.dumps({"model": "direct", "reduce": "mean", "presyn": "data", "init": 0.2}))
put("json", "bad-values.json", json.dumps({"hidden": -1, "lambda_v": 2, "seed": -3, "schedule": "two-phase:-1"}))
put("json", "huge-number.json", '{"hidden": 1e400, "epochs": 99999999999999999999999}')
put("json", "nested.json", "[" * 64 + "]" * 64)
put("json", "not-json.json", "{\"name\": ")
