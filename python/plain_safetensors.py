"""A safetensors reader and writer in plain Python (struct + json + numpy), independent of TorchSharp.PyBridge.

Layout (https://github.com/huggingface/safetensors, "Format"): an unsigned 64-bit little-endian header length N;
N bytes of UTF-8 JSON mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (byte offsets
into the data that follows, begin inclusive, end exclusive), plus an optional "__metadata__" string map; then the
raw little-endian, C-order tensor data. Used by the interop tests and by anyone converting weights without the
`safetensors` package.
"""

import json
import struct

import numpy as np

DTYPES = {
    "F64": np.dtype("<f8"),
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
    "I16": np.dtype("<i2"),
    "I8": np.dtype("i1"),
    "U8": np.dtype("u1"),
    "BOOL": np.dtype("?"),
}
"""safetensors dtype names -> little-endian NumPy dtypes."""


def dtype_code(dtype):
    """The safetensors name of a NumPy dtype."""
    for code, candidate in DTYPES.items():
        if candidate == np.dtype(dtype).newbyteorder("<"):
            return code
    raise ValueError(f"no safetensors dtype for {dtype}")


def write(path, tensors, metadata=None, align=8):
    """Writes ``{name: ndarray}`` in the given order; pads the header with spaces to ``align`` bytes as the reference
    implementation does (``align=1``: no padding)."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name, array in tensors.items():
        array = np.asarray(array)
        code = dtype_code(array.dtype)
        data = np.ascontiguousarray(array, dtype=DTYPES[code]).tobytes()
        header[name] = {"dtype": code, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % align)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_header(path):
    """Returns (header length N, header dict in file order, size of the data section in bytes)."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        raise ValueError(f"{path}: header length {n} exceeds the file ({len(raw)} bytes)")
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    return n, header, len(raw) - 8 - n


def read(path):
    """Reads a file; returns (``{name: ndarray}`` in file order, metadata dict or None). Checks every entry's dtype,
    shape, offsets and that the data section is covered exactly, without gaps or overlaps."""
    n, header, size = read_header(path)
    with open(path, "rb") as f:
        f.seek(8 + n)
        data = f.read()
    metadata = header.pop("__metadata__", None)
    tensors = {}
    spans = []
    for name, entry in header.items():
        dtype = DTYPES[entry["dtype"]]
        shape = tuple(entry["shape"])
        begin, end = entry["data_offsets"]
        expected = dtype.itemsize * int(np.prod(shape, dtype=np.int64))
        if end - begin != expected or begin < 0 or end > size:
            raise ValueError(f"{path}: '{name}' has offsets {begin}..{end} for {entry['dtype']} {list(shape)}")
        tensors[name] = np.frombuffer(data, dtype=dtype, count=expected // dtype.itemsize, offset=begin).reshape(shape).copy()
        spans.append((begin, end))
    position = 0
    for begin, end in sorted(spans):
        if begin != position:
            raise ValueError(f"{path}: data section has a gap or overlap at byte {position}")
        position = end
    if position != size:
        raise ValueError(f"{path}: data section is {size} bytes, tensors cover {position}")
    return tensors, metadata
