"""A reference Layer-wise Relevance Propagation for the PyTorch twins in v2v_models.py, written separately from the C#
engine (src/Monitor.Core/Relevance) as an independent cross-check of it (issue 15; docs/relevance.md, "Independent
cross-check"). Written from the papers and docs/relevance.md's formulas only.

Every linear layer runs the four steps of Montavon et al., "Layer-Wise Relevance Propagation: An Overview"
(Explainable AI, LNCS 11700, 2019), with PyTorch's autograd doing step 3:

    1. z = the layer applied with modified parameters (rho), stabilised: z + eps * sign(z), sign(0) = +1
    2. s = R / z, detached
    3. c = d(sum(z * s)) / d(input), by autograd
    4. R_in = input * c

Rules (docs/relevance.md, "Rules"; Bach et al. 2015; Montavon et al. 2017, 2019): LRP-0, LRP-eps, sign-aware LRP-gamma,
LRP-alpha-beta, z+, z^B, w^2, flat. The network walk (docs/relevance.md, "The network walk"): BatchNorm folded into the
preceding (transposed) convolution; LeakyReLU passes relevance through; the padding's relevance returns to the cell it
was copied from (the adjoint of F.pad, by autograd); the U-Net's concatenation splits relevance by channel; a residual
sum a + b splits it as a / z and b / z (z stabilised by 1e-9); a value read twice collects both relevances.

Reference point (``x_ref``, optional): relevance of y(x) - y(x_ref). Every rule then sees the differences
Delta a = a(x) - a(x_ref) of the kept values with the biases dropped, the residual sum splits Delta a / Delta z, and the
starting relevance is mask * (y(x) - y(x_ref)) — DeepLIFT's rescale rule written as LRP (Shrikumar et al., ICML 2017;
Ancona et al., ICLR 2018). For z^B the box moves with the reference: l - a_ref <= Delta a <= h - a_ref. The C# engine
refuses z^B against a reference; for the other composites ReferenceLrpCrossCheckTests compares it with C#.

Plain torch (Debian 12's python3-torch 1.13); run in float64 for the comparison.
"""

import torch
import torch.nn.functional as F
from torch import nn

import v2v_models

STABILISER = 1e-9
"""eps of every rule other than LRP-0 and LRP-eps, and of the residual split: only against dividing by zero."""

COMPOSITES = ("layer-depth-signed", "epsilon-gamma-box", "epsilon-plus-flat", "epsilon-alpha2-beta1-flat", "layer-depth")
"""The named composites of docs/relevance.md, "Composites"."""


# ---------------------------------------------------------------------------------------------------------- layers

class Linear:
    """A linear layer after BatchNorm folding: a convolution or transposed convolution with weight, bias and stride."""

    def __init__(self, name, transposed, weight, bias, stride):
        self.name = name
        self.transposed = transposed
        self.weight = weight
        self.bias = bias
        self.stride = stride

    def apply(self, x, weight, bias):
        """The layer's operation with the given (modified) parameters; bias may be None."""
        if self.transposed:
            return F.conv_transpose2d(x, weight, bias, stride=self.stride)
        return F.conv2d(x, weight, bias, stride=self.stride)

    def __call__(self, x):
        return self.apply(x, self.weight, self.bias)

    def without_bias(self):
        return Linear(self.name, self.transposed, self.weight, None, self.stride)


def fold(name, layer, norm):
    """BatchNorm (eval mode) folded into the (transposed) convolution before it:
    W' = W * gamma / sqrt(var + eps) per output channel, b' = (b - mu) * gamma / sqrt(var + eps) + beta."""
    weight = layer.weight.detach()
    transposed = isinstance(layer, nn.ConvTranspose2d)
    if norm is None:
        bias = None if layer.bias is None else layer.bias.detach()
        return Linear(name, transposed, weight, bias, layer.stride)
    scale = norm.weight.detach() / torch.sqrt(norm.running_var.detach() + norm.eps)
    bias = torch.zeros_like(norm.running_mean) if layer.bias is None else layer.bias.detach()
    shape = (1, -1, 1, 1) if transposed else (-1, 1, 1, 1)   # output channels: dim 1 of a transposed conv's weight
    folded_weight = weight * scale.reshape(shape)
    folded_bias = (bias - norm.running_mean.detach()) * scale + norm.bias.detach()
    return Linear(name, transposed, folded_weight, folded_bias, layer.stride)


# ----------------------------------------------------------------------------------------------------------- rules

def _sign(z):
    """sign with sign(0) = +1."""
    return torch.where(z >= 0, torch.ones_like(z), -torch.ones_like(z))


def _stabilise(z, eps):
    return z + eps * _sign(z)


def _four_steps(inputs, factors, forward, relevance, eps, zero_to=None):
    """Steps 1-4 for z = forward(*inputs): returns sum_t factors[t] * d(sum(z * s))/d(inputs[t]), s = R / stab(z).
    ``zero_to``: LRP-0 replaces an exactly-zero z by this value instead of stabilising."""
    leaves = [t.detach().clone().requires_grad_(True) for t in inputs]
    z = forward(*leaves)
    if zero_to is not None:
        denominator = torch.where(z == 0, torch.full_like(z, zero_to), z)
    else:
        denominator = _stabilise(z, eps)
    s = (relevance / denominator).detach()
    grads = torch.autograd.grad((z * s).sum(), leaves)
    return sum(f * g for f, g in zip(factors, grads))


def _pos(t):
    return None if t is None else t.clamp(min=0)


def _neg(t):
    return None if t is None else t.clamp(max=0)


class Zero:
    """LRP-0: R_j = sum_k a_j w_jk / z_k * R_k; an exactly-zero z becomes 1e-9 (0/0 would spread NaN)."""

    name = "zero"

    def __call__(self, layer, a, relevance, **_):
        return _four_steps([a], [a], lambda x: layer(x), relevance, 0.0, zero_to=STABILISER)


class Epsilon:
    """LRP-eps: z_k + eps * sign(z_k) in the denominator."""

    def __init__(self, eps):
        self.eps = eps
        self.name = f"epsilon:{eps:g}"

    def __call__(self, layer, a, relevance, **_):
        return _four_steps([a], [a], lambda x: layer(x), relevance, self.eps)


class Gamma:
    """Sign-aware LRP-gamma: where the plain z_k >= 0, contributions a_j w_jk + gamma (a_j w_jk)+ and bias b + gamma b+;
    where z_k < 0 the same with the negative parts. (a w)+ = a+ w+ + a- w-, (a w)- = a+ w- + a- w+."""

    def __init__(self, gamma):
        self.gamma = gamma
        self.name = f"gamma:{gamma:g}"

    def __call__(self, layer, a, relevance, **_):
        g, w, b = self.gamma, layer.weight, layer.bias
        positive_output = (layer(a) >= 0).detach()

        def forward(x):
            xp, xn = x.clamp(min=0), x.clamp(max=0)
            plain = layer.apply(x, w, b)
            up = layer.apply(xp, w.clamp(min=0), _pos(b)) + layer.apply(xn, w.clamp(max=0), None)
            down = layer.apply(xp, w.clamp(max=0), _neg(b)) + layer.apply(xn, w.clamp(min=0), None)
            return torch.where(positive_output, plain + g * up, plain + g * down)

        return _four_steps([a], [a], forward, relevance, STABILISER)


class AlphaBeta:
    """LRP-alpha-beta: alpha (a w)+ / sum (a w)+ - beta (a w)- / sum (a w)-, biases b+ and b- in the two denominators."""

    def __init__(self, alpha, beta):
        if alpha < 0 or beta < 0 or abs(alpha - beta - 1) > 1e-12:
            raise ValueError(f"alpha - beta must be 1 with alpha, beta >= 0; got {alpha}, {beta}")
        self.alpha, self.beta = alpha, beta
        self.name = f"alphabeta:{alpha:g},{beta:g}"

    def __call__(self, layer, a, relevance, **_):
        w, b = layer.weight, layer.bias

        def positive(x):
            return layer.apply(x.clamp(min=0), w.clamp(min=0), _pos(b)) + layer.apply(x.clamp(max=0), w.clamp(max=0), None)

        def negative(x):
            return layer.apply(x.clamp(min=0), w.clamp(max=0), _neg(b)) + layer.apply(x.clamp(max=0), w.clamp(min=0), None)

        result = self.alpha * _four_steps([a], [a], positive, relevance, STABILISER)
        if self.beta != 0:
            result = result - self.beta * _four_steps([a], [a], negative, relevance, STABILISER)
        return result


class ZPlus(AlphaBeta):
    """z+: (a w)+ / sum (a w)+ with bias b+ (alpha 1, beta 0)."""

    def __init__(self):
        super().__init__(1.0, 0.0)
        self.name = "zplus"


class ZBox:
    """z^B: (a_j w_jk - l_j w_jk+ - h_j w_jk-) / (sum_j (...) + b_k); l, h tensors shaped like a (bounds per channel,
    also on padded cells)."""

    name = "zbox"

    def __call__(self, layer, a, relevance, low=None, high=None, **_):
        if low is None or high is None:
            raise ValueError(f"z^B at layer '{layer.name}' needs bounds")
        w = layer.weight

        def forward(x, lo, hi):
            return layer(x) - layer.apply(lo, w.clamp(min=0), None) - layer.apply(hi, w.clamp(max=0), None)

        # the minus signs are in z: d z / d l = -w+, so R_j = a_j c_a + l_j c_l + h_j c_h (Montavon et al. 2019)
        return _four_steps([a, low, high], [a, low, high], forward, relevance, STABILISER)


class WSquare:
    """w^2: R_j = sum_k w_jk^2 / sum_j w_jk^2 * R_k, no bias, independent of a."""

    name = "wsquare"

    def __call__(self, layer, a, relevance, **_):
        ones = torch.ones_like(a)
        return _four_steps([ones], [ones], lambda x: layer.apply(x, layer.weight ** 2, None), relevance, STABILISER)


class Flat:
    """flat: R_j = sum_k 1[j -> k] / #{j : j -> k} * R_k (every weight 1, no bias)."""

    name = "flat"

    def __call__(self, layer, a, relevance, **_):
        ones = torch.ones_like(a)
        return _four_steps([ones], [ones], lambda x: layer.apply(x, torch.ones_like(layer.weight), None), relevance,
                           STABILISER)


def rule_by_name(text):
    """'zero', 'epsilon[:eps]', 'gamma[:g]', 'alphabeta[:a,b]', 'zplus', 'zbox', 'wsquare', 'flat'."""
    name, _, parameters = text.partition(":")
    values = [float(v) for v in parameters.split(",")] if parameters else []
    if name == "zero":
        return Zero()
    if name == "epsilon":
        return Epsilon(values[0] if values else 1e-6)
    if name == "gamma":
        return Gamma(values[0] if values else 0.25)
    if name == "alphabeta":
        return AlphaBeta(*(values if values else [2.0, 1.0]))
    rules = {"zplus": ZPlus, "zbox": ZBox, "wsquare": WSquare, "flat": Flat}
    if name in rules:
        return rules[name]()
    raise ValueError(f"unknown rule '{text}'")


# ------------------------------------------------------------------------------------------------------ composites

def _by_depth(index, count):
    """Montavon et al. 2019's recipe by relative depth index / (count - 1): lower third gamma 0.25, middle third
    epsilon 0.25, upper third LRP-0."""
    depth = index / (count - 1)
    if depth < 1 / 3:
        return Gamma(0.25)
    if depth < 2 / 3:
        return Epsilon(0.25)
    return Zero()


def composite_rules(composite, names):
    """The rule of every linear layer (names in forward order) under a named composite (docs/relevance.md,
    "Composites") or one rule for every layer."""
    count = len(names)
    if composite not in COMPOSITES:
        rule = rule_by_name(composite)
        return [rule] * count
    rules = []
    for index in range(count):
        first, last = index == 0, index == count - 1
        if composite == "layer-depth-signed":
            rule = Zero() if first or last else _by_depth(index, count)
        elif composite == "layer-depth":
            rule = ZBox() if first else Zero() if last else _by_depth(index, count)
        elif composite == "epsilon-gamma-box":
            rule = ZBox() if first else Epsilon(1e-6) if last else Gamma(0.25)
        elif composite == "epsilon-plus-flat":
            rule = Flat() if first else Epsilon(1e-6) if last else ZPlus()
        else:   # epsilon-alpha2-beta1-flat
            rule = Flat() if first else Epsilon(1e-6) if last else AlphaBeta(2.0, 1.0)
        rules.append(rule)
    return rules


# ---------------------------------------------------------------------------------------------- the network walk

def _leaky(z):
    return F.leaky_relu(z, v2v_models.NEGATIVE_SLOPE)


class Tape:
    """The forward pass as numbered values and the steps between them, each value computed for x and, against a
    reference, for x_ref too (a list of one or two tensors). ``backward`` walks the steps in reverse; a value read by
    two steps collects the relevance of both."""

    def __init__(self, inputs):
        self.values = [inputs]
        self.steps = []

    def _push(self, kind, sources, result, extra=None):
        self.values.append(result)
        self.steps.append((kind, sources, len(self.values) - 1, extra))
        return len(self.values) - 1

    def pad(self, module, source):
        return self._push("pad", [source], [module(v) for v in self.values[source]], module)

    def linear(self, layer, source):
        return self._push("linear", [source], [layer(v) for v in self.values[source]], layer)

    def act(self, source):
        return self._push("act", [source], [_leaky(v) for v in self.values[source]])

    def cat(self, first, second):
        pairs = zip(self.values[first], self.values[second])
        return self._push("cat", [first, second], [torch.cat([a, b], dim=1) for a, b in pairs])

    def add(self, first, second):
        pairs = zip(self.values[first], self.values[second])
        return self._push("add", [first, second], [a + b for a, b in pairs])

    def conv_block(self, block, layers, source):
        """GeoPad -> conv -> BatchNorm (folded) -> LeakyReLU."""
        return self.act(self.linear(layers[block.conv], self.pad(block.pad, source)))

    def backward(self, relevance, rule_of, bounds):
        """Input relevance for ``relevance`` on the last value. ``rule_of(layer)`` gives a layer's rule; ``bounds`` the
        z^B bounds (low, high) per input channel or None."""
        reference = len(self.values[0]) == 2
        stored = {len(self.values) - 1: relevance}

        def collect(slot, r):
            stored[slot] = stored[slot] + r if slot in stored else r

        def delta(slot):
            v = self.values[slot]
            return v[0] - v[1] if reference else v[0]

        for kind, sources, target, extra in reversed(self.steps):
            r = stored.pop(target, None)
            if r is None:
                continue
            if kind == "act":
                collect(sources[0], r)   # the activation belongs to the neuron whose linear part redistributes
            elif kind == "pad":
                source = torch.zeros_like(self.values[sources[0]][0], requires_grad=True)
                (back,) = torch.autograd.grad(extra(source), source, r)   # the padding's adjoint
                collect(sources[0], back)
            elif kind == "cat":
                channels = self.values[sources[0]][0].shape[1]
                collect(sources[0], r[:, :channels])
                collect(sources[1], r[:, channels:])
            elif kind == "add":
                z = _stabilise(delta(target), STABILISER)
                collect(sources[0], delta(sources[0]) / z * r)
                collect(sources[1], delta(sources[1]) / z * r)
            else:
                collect(sources[0], self._linear(extra, sources[0], r, rule_of(extra), bounds, reference))
        return stored[0]

    def _linear(self, layer, source, relevance, rule, bounds, reference):
        a = self.values[source]
        extra = {}
        if isinstance(rule, ZBox):
            if bounds is None or len(bounds[0]) != a[0].shape[1] or len(bounds[1]) != a[0].shape[1]:
                raise ValueError(f"z^B at layer '{layer.name}' needs bounds for each of its {a[0].shape[1]} input channels")
            shape, dtype = a[0].shape, a[0].dtype
            low = torch.tensor(bounds[0], dtype=dtype).reshape(1, -1, 1, 1).expand(shape)
            high = torch.tensor(bounds[1], dtype=dtype).reshape(1, -1, 1, 1).expand(shape)
            extra = {"low": low - a[1], "high": high - a[1]} if reference else {"low": low, "high": high}
        if reference:
            return rule(layer.without_bias(), a[0] - a[1], relevance, **extra)
        return rule(layer, a[0], relevance, **extra)


def linear_layers(model):
    """Every linear layer of a U-Net or ResNet twin in forward order with BatchNorm folded: {conv module: Linear}."""
    folded = []
    if isinstance(model, v2v_models.UNet):
        blocks = [("stem_first", model.stem_first), ("stem_second", model.stem_second)]
        for i, down in enumerate(model.down):
            blocks += [(f"down.{i}.first", down.first), (f"down.{i}.second", down.second)]
        folded += [(b.conv, fold(f"{n}.conv", b.conv, b.norm)) for n, b in blocks]
        for i, up in enumerate(model.up):
            folded.append((up.upsample, fold(f"up.{i}.upsample", up.upsample, up.upnorm)))
            folded.append((up.first.conv, fold(f"up.{i}.first.conv", up.first.conv, up.first.norm)))
            folded.append((up.second.conv, fold(f"up.{i}.second.conv", up.second.conv, up.second.norm)))
    elif isinstance(model, v2v_models.ResNet):
        folded.append((model.stem.conv, fold("stem.conv", model.stem.conv, model.stem.norm)))
        for i, block in enumerate(model.blocks):
            folded.append((block.first.conv, fold(f"blocks.{i}.first.conv", block.first.conv, block.first.norm)))
            folded.append((block.conv, fold(f"blocks.{i}.conv", block.conv, block.norm)))
    else:
        raise ValueError(f"no reference LRP for {type(model).__name__}")
    folded.append((model.head, fold("head", model.head, None)))
    return dict(folded)


def record(model, x, x_ref=None):
    """The forward pass of a U-Net or ResNet twin (eval mode, BatchNorm folded) on x [and x_ref] as a Tape, and the
    linear layers in forward order."""
    layers = linear_layers(model)
    tape = Tape([x] if x_ref is None else [x, x_ref])
    if isinstance(model, v2v_models.UNet):
        v = tape.conv_block(model.stem_second, layers, tape.conv_block(model.stem_first, layers, 0))
        skips = [v]
        for down in model.down:
            v = tape.conv_block(down.second, layers, tape.conv_block(down.first, layers, v))
            skips.append(v)
        for i, up in enumerate(model.up):
            v = tape.cat(tape.act(tape.linear(layers[up.upsample], v)), skips[model.depth - 1 - i])
            v = tape.conv_block(up.second, layers, tape.conv_block(up.first, layers, v))
    else:
        v = tape.conv_block(model.stem, layers, 0)
        for block in model.blocks:
            branch = tape.linear(layers[block.conv], tape.pad(block.pad, tape.conv_block(block.first, layers, v)))
            v = tape.act(tape.add(v, branch))
    tape.linear(layers[model.head], v)
    return tape, list(layers.values())


def relevance(model, x, mask, composite, bounds=None, x_ref=None):
    """Input relevance [B, C, H, W] of the selection ``mask`` [B, 1, H, W] (starting relevance mask * y, or
    mask * (y(x) - y(x_ref)) against a reference) under ``composite`` (a name of COMPOSITES or one rule for every
    layer); ``bounds`` = (low, high) per input channel for z^B. Returns (relevance, output y(x))."""
    model.eval()
    with torch.no_grad():
        tape, layers = record(model, x, x_ref)
        rules = dict(zip((layer.name for layer in layers), composite_rules(composite, [layer.name for layer in layers])))
        output = tape.values[-1]
        start = mask * (output[0] - output[1] if x_ref is not None else output[0])
    with torch.enable_grad():
        result = tape.backward(start, lambda layer: rules[layer.name], bounds)
    return result, output[0]


def layer_rules(model, composite):
    """[(layer name, rule name)] in forward order, for reports."""
    names = [layer.name for layer in linear_layers(model).values()]
    return [(n, r.name) for n, r in zip(names, composite_rules(composite, names))]


# ------------------------------------------------------------------------------------------------ its own checks

def _seeded_twins(zero_bias, seed=5):
    """A U-Net (width 4, depth 2) and a ResNet (width 6, 3 blocks), float64, eval mode, reflect/circular padding,
    random BatchNorm statistics; with ``zero_bias`` every folded bias is 0 (mu = beta = 0, head bias 0)."""
    torch.manual_seed(seed)
    twins = [v2v_models.UNet(3, 4, 2, "reflect", "circular"), v2v_models.ResNet(3, 6, 3, "reflect", "circular")]
    for model in twins:
        model.double()
        with torch.no_grad():
            for module in model.modules():
                if isinstance(module, nn.BatchNorm2d):
                    module.weight.uniform_(0.5, 1.5)
                    module.running_var.uniform_(0.5, 2.0)
                    module.running_mean.normal_(0.0, 0.0 if zero_bias else 0.3)
                    module.bias.normal_(0.0, 0.0 if zero_bias else 0.2)
            if zero_bias:
                model.head.bias.zero_()
        model.eval()
    return twins


def _rule_conservation():
    """max |sum R_in - sum R_out| / sum |R_out| over the rules that conserve relevance on a layer without bias (LRP-0,
    gamma, alpha-beta, z+, z^B, w^2, flat; docs/relevance.md), on a 3 x 3 convolution with stride 1 and 2 and a 2 x 2
    stride-2 transposed convolution, mixed-sign inputs within z^B's bounds -3 and 3. 32 input channels, so that no
    output's positive or negative part is empty (alpha-beta and z+ lose the relevance of such outputs)."""
    generator = torch.Generator().manual_seed(3)
    worst = 0.0
    for transposed, stride, kernel in ((False, 1, 3), (False, 2, 3), (True, 2, 2)):
        shape = (32, 3, kernel, kernel) if transposed else (3, 32, kernel, kernel)
        layer = Linear("probe", transposed, torch.randn(shape, generator=generator, dtype=torch.float64), None, stride)
        a = torch.randn(1, 32, 8, 8, generator=generator, dtype=torch.float64).clamp(-2.9, 2.9)
        out = torch.randn(layer(a).shape, generator=generator, dtype=torch.float64)
        low, high = torch.full_like(a, -3.0), torch.full_like(a, 3.0)
        for rule in (Zero(), Gamma(0.25), AlphaBeta(2.0, 1.0), ZPlus(), ZBox(), WSquare(), Flat()):
            r = rule(layer, a, out, low=low, high=high)
            worst = max(worst, float((r.sum() - out.sum()).abs() / out.abs().sum()))
    return worst


def self_check():
    """The reference's own properties on seeded float64 twins (8 x 16 grid, a 3 x 4 region), as maxima over U-Net
    and ResNet: the walk's output against the twin's forward (relative); with zero biases, LRP-0 against gradient x
    input (relative to max |R|) and its conservation |sum R_in - sum R_out| / |sum R_out|; against a reference x_ref,
    LRP-0's conservation of sum mask * (y(x) - y(x_ref)) with biases, and with zero biases and x_ref = 0 the plain
    LRP-0 map (relative to max |R|); and every rule's conservation on one bias-free layer (see _rule_conservation)."""
    torch.manual_seed(7)
    x = torch.randn(1, 3, 8, 16, dtype=torch.float64)
    x_ref = 0.5 * torch.randn(1, 3, 8, 16, dtype=torch.float64)
    mask = torch.zeros(1, 1, 8, 16, dtype=torch.float64)
    mask[..., 2:5, 12:16] = 1
    result = {"forward": 0.0, "lrp0_vs_gradient_x_input": 0.0, "lrp0_conservation": 0.0,
              "reference_conservation": 0.0, "reference_at_zero_vs_plain": 0.0,
              "rule_conservation": _rule_conservation()}

    def worst(key, value):
        result[key] = max(result[key], float(value))

    for model in _seeded_twins(zero_bias=False):
        tape, _ = record(model, x)
        with torch.no_grad():
            y, y_ref = model(x), model(x_ref)
        worst("forward", (tape.values[-1][0] - y).abs().max() / y.abs().max())
        r, _ = relevance(model, x, mask, "zero", x_ref=x_ref)
        target = (mask * (y - y_ref)).sum()
        worst("reference_conservation", (r.sum() - target).abs() / target.abs())
    for model in _seeded_twins(zero_bias=True):
        r, y = relevance(model, x, mask, "zero")
        leaf = x.clone().requires_grad_(True)
        (grad,) = torch.autograd.grad((mask * model(leaf)).sum(), leaf)
        worst("lrp0_vs_gradient_x_input", (r - grad * x).abs().max() / r.abs().max())
        worst("lrp0_conservation", (r.sum() - (mask * y).sum()).abs() / (mask * y).sum().abs())
        r_zero, _ = relevance(model, x, mask, "zero", x_ref=torch.zeros_like(x))
        worst("reference_at_zero_vs_plain", (r_zero - r).abs().max() / r.abs().max())
    return result
