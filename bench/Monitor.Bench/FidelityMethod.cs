using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// One attribution method of the fidelity benchmark: maps inputs <c>[B, C, H, W]</c> and a 0/1 selector
/// <c>[1, 1, H, W]</c> to attributions <c>[B, C, H, W]</c> of Σ_{j ∈ S} f_j(x), and says what f is.
/// </summary>
/// <param name="Name">Name as in the table.</param>
/// <param name="Kind">"LRP composite", "LRP, one rule", "baseline" or "reference".</param>
/// <param name="OnTruth">True when the method explains the true function instead of the network (a reference row).</param>
/// <param name="Attribute">The attribution, in the caller's dispose scope.</param>
internal sealed record FidelityMethod(string Name, string Kind, bool OnTruth, Func<Tensor, Tensor, Tensor> Attribute);
