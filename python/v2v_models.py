"""PyTorch twins of V2V Monitor's transfer models (src/Monitor.Core/Transfer/Modules/*.cs).

Every module here has the same submodule names, layer order, shapes and defaults as its C# counterpart, so that
``state_dict()`` keys and shapes are exactly those of ``weights.safetensors`` written by ``TransferModel.Save``.
Tensors are ``[batch, channel, lat, lon]``, rows north -> south, columns west -> east. docs/models.md describes the
architectures; tests/Monitor.Core.Tests/Transfer/PyTorchInteropTests.cs checks the twins against the C# models.

Plain torch.nn only (tested with Debian 12's python3-torch 1.13).
"""

import json

import torch
import torch.nn.functional as F
from torch import nn

NEGATIVE_SLOPE = 0.1
"""Negative slope of every LeakyReLU (ConvBlock.NegativeSlope)."""

PADDING_MODES = {"reflect": "reflect", "circular": "circular", "replicate": "replicate"}
"""model.json padding names (PaddingMode, lower-cased) -> F.pad modes."""


def geo_pad(x, margins, lat_mode, lon_mode):
    """Pads longitude by (left, right), then latitude by (top, bottom); margins = (top, bottom, left, right) (GeoPad.Pad)."""
    top, bottom, left, right = margins
    x = F.pad(x, (left, right, 0, 0), mode=lon_mode)
    return F.pad(x, (0, 0, top, bottom), mode=lat_mode)


def margins_to_multiple(rows, columns, multiple):
    """(top, bottom, left, right): the fewest cells making both sides multiples, an odd one after (GridMargins.ToMultiple)."""
    extra_rows, extra_columns = -rows % multiple, -columns % multiple
    return extra_rows // 2, extra_rows - extra_rows // 2, extra_columns // 2, extra_columns - extra_columns // 2


class GeoPad(nn.Module):
    """Pads by ``size`` cells per side: longitude first, then latitude (global: circular, reflect; regional: replicate)."""

    def __init__(self, size, lat_mode, lon_mode):
        super().__init__()
        self.size = size
        self.lat_mode = PADDING_MODES[lat_mode]
        self.lon_mode = PADDING_MODES[lon_mode]

    def forward(self, x):
        return geo_pad(x, (self.size,) * 4, self.lat_mode, self.lon_mode)


class ConvBlock(nn.Module):
    """GeoPad(1) -> Conv2d(kxk, stride, no bias) -> BatchNorm2d -> LeakyReLU(0.1); k = 3, or 4 for the phase-symmetric
    U-Net's downsampling."""

    def __init__(self, in_channels, out_channels, stride, lat_mode, lon_mode, kernel=3):
        super().__init__()
        self.pad = GeoPad(1, lat_mode, lon_mode)
        self.conv = nn.Conv2d(in_channels, out_channels, kernel, stride=stride, bias=False)
        self.norm = nn.BatchNorm2d(out_channels)
        self.act = nn.LeakyReLU(NEGATIVE_SLOPE)

    def forward(self, x):
        return self.act(self.norm(self.conv(self.pad(x))))


DOWNSAMPLING_KERNELS = {1: 3, 2: 4}
"""U-Net layout (model.json ``architectureVersion``, 1 when absent) -> kernel of its stride-2 convolutions."""


class DownBlock(nn.Module):
    """U-Net encoder step: strided ConvBlock doubling the channels (3x3, or 4x4 in the phase-symmetric layout), then a ConvBlock."""

    def __init__(self, in_channels, lat_mode, lon_mode, kernel=3):
        super().__init__()
        self.first = ConvBlock(in_channels, 2 * in_channels, 2, lat_mode, lon_mode, kernel)
        self.second = ConvBlock(2 * in_channels, 2 * in_channels, 1, lat_mode, lon_mode)

    def forward(self, x):
        return self.second(self.first(x))


class UpBlock(nn.Module):
    """U-Net decoder step: ConvTranspose2d(2x2, stride 2, no bias) -> BN -> LeakyReLU, cat with the skip, 2 ConvBlocks."""

    def __init__(self, in_channels, lat_mode, lon_mode):
        super().__init__()
        half = in_channels // 2
        self.upsample = nn.ConvTranspose2d(in_channels, half, 2, stride=2, bias=False)
        self.upnorm = nn.BatchNorm2d(half)
        self.act = nn.LeakyReLU(NEGATIVE_SLOPE)
        self.first = ConvBlock(in_channels, half, 1, lat_mode, lon_mode)
        self.second = ConvBlock(half, half, 1, lat_mode, lon_mode)

    def forward(self, x, skip):
        up = self.act(self.upnorm(self.upsample(x)))
        return self.second(self.first(torch.cat([up, skip], dim=1)))


class UNet(nn.Module):
    """Stem (2 ConvBlocks), ``depth`` DownBlocks, ``depth`` UpBlocks with skips, 1x1 head. The grid is padded to
    multiples of 2**depth (geo_pad, margins_to_multiple) and the output cropped back; sides of at least 2**depth cells,
    one more along a reflected axis (UNet.MinimumSide). ``version``: 1, the original layout (3x3 stride-2
    downsampling), or 2, the phase-symmetric one (4x4; UNet.PhaseSymmetricVersion)."""

    def __init__(self, in_channels, width, depth, lat_mode="replicate", lon_mode="replicate", version=1):
        super().__init__()
        if version not in DOWNSAMPLING_KERNELS:
            raise ValueError(f"unknown U-Net architectureVersion {version} (layouts: 1, 2)")
        self.depth = depth
        self.lat_mode = PADDING_MODES[lat_mode]
        self.lon_mode = PADDING_MODES[lon_mode]
        self.stem_first = ConvBlock(in_channels, width, 1, lat_mode, lon_mode)
        self.stem_second = ConvBlock(width, width, 1, lat_mode, lon_mode)
        self.down = nn.ModuleList([DownBlock(width << i, lat_mode, lon_mode, DOWNSAMPLING_KERNELS[version]) for i in range(depth)])
        self.up = nn.ModuleList([UpBlock(width << (depth - i), lat_mode, lon_mode) for i in range(depth)])
        self.head = nn.Conv2d(width, 1, 1)

    def forward(self, x):
        rows, columns = x.shape[-2:]
        multiple = 2 ** self.depth
        minimum = [multiple + (mode == "reflect") for mode in (self.lat_mode, self.lon_mode)]
        if rows < minimum[0] or columns < minimum[1]:
            raise ValueError(f"a U-Net of depth {self.depth} needs at least {minimum[0]}x{minimum[1]} cells; the grid is {rows}x{columns}")
        margins = margins_to_multiple(rows, columns, multiple)
        x = self.stem_second(self.stem_first(geo_pad(x, margins, self.lat_mode, self.lon_mode)))
        skips = [x]
        for down in self.down:
            x = down(x)
            skips.append(x)
        for i, up in enumerate(self.up):
            x = up(x, skips[self.depth - 1 - i])
        top, left = margins[0], margins[2]
        return self.head(x)[:, :, top:top + rows, left:left + columns]


class ResidualBlock(nn.Module):
    """LeakyReLU(x + BN(conv3x3(GeoPad(ConvBlock(x))))), constant width."""

    def __init__(self, channels, lat_mode, lon_mode):
        super().__init__()
        self.first = ConvBlock(channels, channels, 1, lat_mode, lon_mode)
        self.pad = GeoPad(1, lat_mode, lon_mode)
        self.conv = nn.Conv2d(channels, channels, 3, bias=False)
        self.norm = nn.BatchNorm2d(channels)
        self.act = nn.LeakyReLU(NEGATIVE_SLOPE)

    def forward(self, x):
        return self.act(x + self.norm(self.conv(self.pad(self.first(x)))))


class ResNet(nn.Module):
    """Stem ConvBlock, ``blocks`` ResidualBlocks at constant width and resolution, 1x1 head."""

    def __init__(self, in_channels, width, blocks, lat_mode="replicate", lon_mode="replicate"):
        super().__init__()
        self.stem = ConvBlock(in_channels, width, 1, lat_mode, lon_mode)
        self.blocks = nn.ModuleList([ResidualBlock(width, lat_mode, lon_mode) for _ in range(blocks)])
        self.head = nn.Conv2d(width, 1, 1)

    def forward(self, x):
        x = self.stem(x)
        for block in self.blocks:
            x = block(x)
        return self.head(x)


class PerCellLinear(nn.Module):
    """Per-cell linear regression: y[b, 0, i, j] = sum_c weight[c, i, j] * x[b, c, i, j] + bias[i, j]."""

    def __init__(self, in_channels, latitudes, longitudes):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(in_channels, latitudes, longitudes))
        self.bias = nn.Parameter(torch.zeros(latitudes, longitudes))

    def forward(self, x):
        return (x * self.weight).sum(1, keepdim=True) + self.bias


def from_spec(spec):
    """Builds the twin a model.json (ModelSpec, as a dict) describes; weights are freshly initialised.
    Enum values are compared case-insensitively (ModelSpec writes "UNet", "Reflect", ...)."""
    channels = len(spec["inputs"])
    lat_mode = spec.get("latitudePadding", "replicate").lower()
    lon_mode = spec.get("longitudePadding", "replicate").lower()
    architecture = spec["architecture"].lower()
    if architecture == "unet":
        return UNet(channels, spec.get("width", 32), spec.get("depth", 3), lat_mode, lon_mode, spec.get("architectureVersion", 1))
    if architecture == "resnet":
        return ResNet(channels, spec.get("width", 32), spec.get("blocks", 4), lat_mode, lon_mode)
    if architecture == "linear":
        return PerCellLinear(channels, spec["grid"]["latitudeCount"], spec["grid"]["longitudeCount"])
    raise ValueError(f"unknown architecture '{spec['architecture']}' in model.json")


def load_spec(path):
    """Reads a model.json."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)
