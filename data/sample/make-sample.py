#!/usr/bin/env python3
"""Regenerates the embedded sample: the first 1,000 images and labels of the MNIST test split.
Usage: python3 data/sample/make-sample.py ../shared/data/mnist data/sample
(The payload SHA-256 values printed must equal those in Sources/PRCIngest/EmbeddedSample.swift.)"""
import gzip, hashlib, struct, sys

src, dst, n = sys.argv[1], sys.argv[2], 1000
for name, header, item in [("t10k-images-idx3-ubyte", 16, 784), ("t10k-labels-idx1-ubyte", 8, 1)]:
    raw = gzip.open(f"{src}/{name}.gz").read()
    head = bytearray(raw[:header])
    head[4:8] = struct.pack(">I", n)
    payload = bytes(head) + raw[header:header + n * item]
    with open(f"{dst}/{name}.gz", "wb") as f:
        f.write(gzip.compress(payload, compresslevel=9, mtime=0))
    print(name, hashlib.sha256(payload).hexdigest())
