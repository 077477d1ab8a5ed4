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
    interop.py lrp CASE_DIR
        the reference LRP (reference_lrp.py) of a case: CASE_DIR/case.json names the twin ("model", as model.json),
        the input shape [B, C, H, W], the explanations ("explanations": [{"composite": NAME, "bounds": "given" |
        "input"}]) and the z^B bounds ("bounds": {"low": [...], "high": [...]} per channel); CASE_DIR holds
        weights.safetensors (any float dtype; the twin runs in float64), input.f64 and mask.f64 ([B, 1, H, W]),
        optionally reference.f64 (x_ref). Writes output.f64 and relevance-I.f64 per explanation I; prints each
        explanation's layer rules
    interop.py lrp-selfcheck
        the reference LRP's own checks on seeded float64 twins, as JSON (see reference_lrp.self_check)

INPUTS and OUTPUTS are raw little-endian float32 (lrp: *.f64 are raw little-endian float64), C order: [batch, channel, lat, lon] and [batch, 1, lat, lon].
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


def lrp(case_dir):
    import torch

    import reference_lrp
    import v2v_models

    with open(os.path.join(case_dir, "case.json"), encoding="utf-8") as f:
        case = json.load(f)
    model = v2v_models.from_spec(case["model"]).double()
    tensors, _ = plain_safetensors.read(os.path.join(case_dir, WEIGHTS))
    model.load_state_dict({k: torch.from_numpy(v.astype(np.float64) if v.dtype.kind == "f" else v)
                           for k, v in tensors.items()}, strict=True)
    model.eval()
    shape = case["shape"]

    def load(name, channels):
        path = os.path.join(case_dir, name)
        if not os.path.exists(path):
            return None
        return torch.from_numpy(np.fromfile(path, dtype="<f8").reshape(shape[0], channels, shape[2], shape[3]))

    x, mask, x_ref = load("input.f64", shape[1]), load("mask.f64", 1), load("reference.f64", shape[1])
    given = case.get("bounds")
    report = []
    for index, explanation in enumerate(case["explanations"]):
        if explanation.get("bounds", "given") == "input":   # each channel's own minimum and maximum
            per_channel = x.transpose(0, 1).reshape(shape[1], -1)
            bounds = (per_channel.min(1).values.tolist(), per_channel.max(1).values.tolist())
        else:
            bounds = None if given is None else (given["low"], given["high"])
        r, y = reference_lrp.relevance(model, x, mask, explanation["composite"], bounds, x_ref)
        r.numpy().astype("<f8").tofile(os.path.join(case_dir, f"relevance-{index}.f64"))
        report.append({"composite": explanation["composite"], "bounds": bounds,
                       "rules": reference_lrp.layer_rules(model, explanation["composite"])})
    y.numpy().astype("<f8").tofile(os.path.join(case_dir, "output.f64"))
    print(json.dumps(report))


def lrp_selfcheck():
    import reference_lrp

    print(json.dumps(reference_lrp.self_check()))


def main(argv):
    commands = {"keys": keys, "export": export, "forward": forward, "rewrite": rewrite, "lrp": lrp,
                "lrp-selfcheck": lrp_selfcheck}
    if len(argv) < 2 or argv[1] not in commands:
        sys.exit(__doc__)
    args = argv[2:]
    if argv[1] == "export":
        args[1] = int(args[1])
    commands[argv[1]](*args)


if __name__ == "__main__":
    main(sys.argv)
