namespace Monitor.Core.Runtime;

/// <summary>Outcome of <see cref="TorchSelfTest"/>.</summary>
/// <param name="LibTorchVersion">TorchSharp's reported libtorch version.</param>
/// <param name="Threads">Intra-op threads.</param>
/// <param name="HeapTuned">Whether the malloc tuning is in effect.</param>
/// <param name="NnpackDisabled">Whether libtorch's NNPACK switch is off.</param>
/// <param name="GradientMaxDifference">Largest |autograd.grad − backward()| over the input gradient (should be ~0).</param>
/// <param name="LinearityError">|Σ x·∂y/∂x − y| relative error for a bias-free linear conv (Euler's theorem; ~1e-6).</param>
public sealed record TorchSelfTestResult(
    string LibTorchVersion,
    int Threads,
    bool HeapTuned,
    bool NnpackDisabled,
    double GradientMaxDifference,
    double LinearityError)
{
    /// <summary>True when both checks agree within float32 tolerance.</summary>
    public bool Passed => GradientMaxDifference < 1e-5 && LinearityError < 1e-4;
}
