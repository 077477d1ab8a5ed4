using System.Globalization;

namespace Monitor.Core.Runtime.Kernels;

/// <summary>Which convolution kernels this process uses, why, and how well they verified.</summary>
/// <param name="Path">The kernels in use.</param>
/// <param name="Mode">How they were chosen (<c>V2V_ONEDNN</c>).</param>
/// <param name="CappedIsa">oneDNN's instruction-set cap (<c>ONEDNN_MAX_CPU_ISA</c>), or null.</param>
/// <param name="FallbackReason">Why a faster path was not used (the failed operation, shape and error), or null.</param>
/// <param name="ShapesVerified">Distinct layer shapes verified on <paramref name="Path"/> so far.</param>
/// <param name="WorstRelativeError">Largest relative error against the float64 reference over those shapes.</param>
public sealed record KernelReport(
    KernelPath Path, KernelMode Mode, string? CappedIsa, string? FallbackReason, int ShapesVerified, double WorstRelativeError)
{
    /// <summary>Short name for logs and metadata: <c>onednn</c>, <c>onednn-isa-avx</c> or <c>native</c>.</summary>
    public string Name => Path switch
    {
        KernelPath.OneDnn => "onednn",
        KernelPath.OneDnnCappedIsa => "onednn-isa-" + (CappedIsa ?? "capped").ToLowerInvariant(),
        _ => "native",
    };

    /// <summary>One line for people: path, how it was chosen, what verified, and why a faster path was not used.</summary>
    public override string ToString()
    {
        string what = Path switch
        {
            KernelPath.OneDnn => "oneDNN (full instruction set)",
            KernelPath.OneDnnCappedIsa => $"oneDNN with its instruction set capped at {CappedIsa}",
            _ => "libtorch's native kernels (oneDNN off)",
        };
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{what}, V2V_ONEDNN={Mode.ToString().ToLowerInvariant()}, {ShapesVerified} convolution shapes verified against float64 " +
            $"(worst relative error {WorstRelativeError:E1})");
        return FallbackReason is null ? line : $"{line}; fallback because {FallbackReason}";
    }
}
