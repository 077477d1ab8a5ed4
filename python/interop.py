"""Command-line side of the PyTorch interop tests (tests/Monitor.Core.Tests/Transfer/PyTorchInteropTests.cs).

    interop.py keys MODEL_DIR
        the twin's state_dict as JSON: [[key, shape, dtype], ...] in state_dict order
    interop.py export MODEL_DIR SEED INPUTS OUTPUTS
        builds the twin model.json describes with seeded weights and non-trivial BatchNorm statistics, writes
        MODEL_DIR/weights.safetensors with the plain writer, and the eval-mode forward of INPUTS to OUTPUTS
    interop.py forward MODEL_DIR INPUTS OUTPUTS
        reads MODEL_DIR/weights.safetensors with the plain reader, loads it strictly into the twin, writes the
        eval-mode forward of INPUTS to OUTPUTS; prints what it read
    interop.py rewrite SOURCE TARGET drop|add|reshape KEY [DIM,DIM,...]
        rewrites a weights file with one key missing, one extra key, or one tensor reshaped (NumPy only)

INPUTS and OUTPUTS are raw little-endian float32, C order: [batch, channel, lat, lon] and [batch, 1, lat, lon].
"""

import json
import os
import sys

import numpy as np

import plain_safetensors

WEIGHTS = "weights.safetensors"


def _twin(model_dir):
    import v2v_models

    spec = v2v_models.load_spec(os.path.join(model_dir, "model.json"))
    return spec, v2v_models.from_spec(spec)


def _dtype_code(tensor):
    return plain_safetensors.dtype_code(tensor.detach().numpy().dtype)


def keys(model_dir):
    _, model = _twin(model_dir)
    print(json.dumps([[k, list(v.shape), _dtype_code(v)] for k, v in model.state_dict().items()]))


def _randomise(model, seed):
    import torch
    from torch import nn

    import v2v_models

    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0.0, 0.2)
                module.running_mean.normal_(0.0, 0.3)
                module.running_var.uniform_(0.5, 2.0)
                module.num_batches_tracked.fill_(seed)
            elif isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)) and module.bias is None:
                # He initialisation keeps the signal O(1) through the layers, so the comparison sees real values.
                nn.init.kaiming_normal_(module.weight, a=v2v_models.NEGATIVE_SLOPE, nonlinearity="leaky_relu")
            elif isinstance(module, nn.Conv2d):   # the 1x1 heads
                module.weight.normal_(0.0, 1.0)
                module.bias.normal_(0.0, 0.2)
            elif isinstance(module, v2v_models.PerCellLinear):
                module.weight.normal_(0.0, 0.5)
                module.bias.normal_(0.0, 0.5)


def _forward(spec, model, inputs, outputs):
    import torch

    grid = spec["grid"]
    x = np.fromfile(inputs, dtype="<f4").reshape(-1, len(spec["inputs"]), grid["latitudeCount"], grid["longitudeCount"])
    model.eval()
    with torch.no_grad():
        y = model(torch.from_numpy(x)).numpy()
    y.astype("<f4").tofile(outputs)
    return y


def export(model_dir, seed, inputs, outputs):
    import torch

    torch.manual_seed(seed)
    spec, model = _twin(model_dir)
    _randomise(model, seed)
    tensors = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    plain_safetensors.write(os.path.join(model_dir, WEIGHTS), tensors, metadata={"format": "pt"})
    y = _forward(spec, model, inputs, outputs)
    print(json.dumps({"tensors": len(tensors), "output_shape": list(y.shape)}))


def forward(model_dir, inputs, outputs):
    import torch

    spec, model = _twin(model_dir)
    path = os.path.join(model_dir, WEIGHTS)
    header_length, header, data_bytes = plain_safetensors.read_header(path)
    tensors, metadata = plain_safetensors.read(path)
    model.load_state_dict({k: torch.from_numpy(v) for k, v in tensors.items()}, strict=True)
    y = _forward(spec, model, inputs, outputs)
    tracked = {k: int(v) for k, v in tensors.items() if k.endswith("num_batches_tracked")}
    print(json.dumps({
        "header_length": header_length,
        "data_bytes": data_bytes,
        "metadata": metadata,
        "dtypes": sorted({entry["dtype"] for key, entry in header.items() if key != "__metadata__"}),
        "num_batches_tracked": tracked,
        "output_shape": list(y.shape),
    }))


def rewrite(source, target, action, key, shape=None):
    tensors, metadata = plain_safetensors.read(source)
    if action == "drop":
        del tensors[key]
    elif action == "add":
        tensors[key] = np.zeros(3, dtype="<f4")
    elif action == "reshape":
        old, new_shape = tensors[key], [int(d) for d in shape.split(",")]
        # Same element count: the same numbers in another shape, the mistake a byte-count check cannot see.
        same = old.size == int(np.prod(new_shape))
        tensors[key] = old.reshape(new_shape) if same else np.zeros(new_shape, dtype=old.dtype)
    else:
        raise ValueError(f"unknown action '{action}'")
    plain_safetensors.write(target, tensors, metadata)


def main(argv):
    commands = {"keys": keys, "export": export, "forward": forward, "rewrite": rewrite}
    if len(argv) < 2 or argv[1] not in commands:
        sys.exit(__doc__)
    args = argv[2:]
    if argv[1] == "export":
        args[1] = int(args[1])
    commands[argv[1]](*args)


if __name__ == "__main__":
    main(sys.argv)
