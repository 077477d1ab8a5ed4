using static TorchSharp.torch;

namespace Monitor.Core.Runtime.Kernels;

/// <summary>
/// Where a simulated <see cref="KernelFault"/> comes from: the process's <c>V2V_KERNEL_FAULT</c> variable
/// (<c>full-isa</c>, <c>onednn</c>, <c>everywhere</c>), or a scope set by a test, which flows with its async context
/// only and so never reaches tests running beside it.
/// </summary>
public static class KernelFaultInjection
{
    /// <summary>The environment variable naming a simulated fault.</summary>
    public const string Variable = "V2V_KERNEL_FAULT";

    /// <summary>Factor applied to corrupted results.</summary>
    internal const double Factor = 1.25;

    private static readonly AsyncLocal<KernelFault?> s_scoped = new();
    private static readonly Lazy<KernelFault> s_fromEnvironment = new(() => Parse(Environment.GetEnvironmentVariable(Variable)));

    /// <summary>The fault in effect here.</summary>
    public static KernelFault Current => s_scoped.Value ?? s_fromEnvironment.Value;

    /// <summary>Simulates <paramref name="fault"/> in this async context until the result is disposed.</summary>
    public static IDisposable Inject(KernelFault fault)
    {
        KernelFault? previous = s_scoped.Value;
        s_scoped.Value = fault;
        return new Restore(previous);
    }

    /// <summary>Parses <c>V2V_KERNEL_FAULT</c>; empty means none.</summary>
    /// <exception cref="ArgumentException">The value names no fault.</exception>
    public static KernelFault Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" => KernelFault.None,
        "full-isa" => KernelFault.FullIsa,
        "onednn" => KernelFault.OneDnn,
        "everywhere" => KernelFault.Everywhere,
        _ => throw new ArgumentException($"{Variable}='{value}' is not one of none, full-isa, onednn, everywhere.", nameof(value)),
    };

    /// <summary>
    /// A backward-data result as a wrong kernel on <paramref name="path"/> would return it here: scaled by
    /// <see cref="Factor"/> where a simulated fault affects the path, otherwise <paramref name="result"/> itself.
    /// </summary>
    internal static Tensor Apply(Tensor result, KernelPath path) => Corrupts(path) ? result.mul(Factor) : result;

    /// <summary>Whether results computed on <paramref name="path"/> are corrupted here.</summary>
    internal static bool Corrupts(KernelPath path) => Current switch
    {
        KernelFault.FullIsa => path == KernelPath.OneDnn,
        KernelFault.OneDnn => path is KernelPath.OneDnn or KernelPath.OneDnnCappedIsa,
        KernelFault.Everywhere => true,
        _ => false,
    };

    private sealed class Restore(KernelFault? previous) : IDisposable
    {
        public void Dispose() => s_scoped.Value = previous;
    }
}
