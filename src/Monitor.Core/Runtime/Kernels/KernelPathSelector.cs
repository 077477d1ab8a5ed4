namespace Monitor.Core.Runtime.Kernels;

/// <summary>
/// Chooses and keeps verifying this process's convolution kernels: the fastest path whose results match a float64
/// reference. Order of preference (docs/benchmarks.md, kernel-paths): oneDNN at the full instruction set; oneDNN capped
/// at AVX (needs a fresh process, because oneDNN reads its cap once: <see cref="TorchRuntime.RestartWithCappedIsa"/>); oneDNN off.
/// When nothing verifies, it refuses with the operation, shape and error. Not thread-safe; <see cref="TorchRuntime"/>
/// serialises calls.
/// </summary>
internal sealed class KernelPathSelector
{
    /// <summary>The instruction-set cap the fallback asks for: AVX selects oneDNN's GEMM-based convolutions.</summary>
    internal const string FallbackIsa = "AVX";

    private readonly IOneDnnSwitch _oneDnn;
    private readonly Func<string, bool>? _restart;
    private readonly HashSet<ConvolutionShape> _verified = [];
    private KernelReport? _report;

    /// <param name="oneDnn">libtorch's oneDNN switch.</param>
    /// <param name="restart">
    /// Replaces the process with itself under <c>ONEDNN_MAX_CPU_ISA=AVX</c>, passing the reason on; returns false when
    /// it cannot (then the selection goes on in this process). Null where the process must not restart (tests, libraries).
    /// </param>
    public KernelPathSelector(IOneDnnSwitch oneDnn, Func<string, bool>? restart)
    {
        _oneDnn = oneDnn;
        _restart = restart;
    }

    /// <summary>The current choice; null before <see cref="Select"/>.</summary>
    public KernelReport? Report => _report;

    /// <summary>Chooses the path at start-up by checking <see cref="KernelCheck.StartupShapes"/>.</summary>
    /// <param name="mode">From <c>V2V_ONEDNN</c>.</param>
    /// <param name="cappedIsa">oneDNN's cap from <c>ONEDNN_MAX_CPU_ISA</c>, or null.</param>
    /// <param name="inheritedReason">Why a parent process restarted this one (<c>V2V_KERNEL_FALLBACK</c>), or null.</param>
    /// <exception cref="KernelVerificationException">No allowed path verifies.</exception>
    public KernelReport Select(KernelMode mode, string? cappedIsa, string? inheritedReason)
    {
        _report = null;
        _verified.Clear();
        if (mode == KernelMode.Off)
        {
            _oneDnn.Enabled = false;
            return Adopt(KernelPath.Native, mode, cappedIsa, inheritedReason, KernelCheck.StartupShapes, "V2V_ONEDNN=off forbids oneDNN");
        }

        _oneDnn.Enabled = true;
        KernelPath path = cappedIsa is null ? KernelPath.OneDnn : KernelPath.OneDnnCappedIsa;
        KernelCheckResult check = KernelCheck.Run(KernelCheck.StartupShapes, path);
        if (check.Passed)
        {
            return Accept(path, mode, cappedIsa, inheritedReason, KernelCheck.StartupShapes, check);
        }

        string reason = Because(path, cappedIsa, check);
        if (mode == KernelMode.On)
        {
            throw new KernelVerificationException($"Convolution kernels are wrong on this machine and V2V_ONEDNN=on forbids a fallback: {reason}.", check.Failures[0]);
        }

        if (path == KernelPath.OneDnn && _restart is not null)
        {
            // Returns only when the process could not be replaced.
            _restart(reason);
        }

        _oneDnn.Enabled = false;
        return Adopt(KernelPath.Native, mode, cappedIsa, Join(inheritedReason, reason), KernelCheck.StartupShapes, null);
    }

    /// <summary>
    /// Verifies the layer shapes of a model about to be used (each shape once per process). A failure on oneDNN in
    /// <see cref="KernelMode.Auto"/> switches this process to native kernels and verifies again.
    /// </summary>
    /// <param name="shapes">The model's layers.</param>
    /// <param name="subject">What the shapes belong to, for messages (e.g. the model's name).</param>
    /// <exception cref="KernelVerificationException">The shapes fail and no fallback is allowed or verifies.</exception>
    public KernelReport Verify(IReadOnlyCollection<ConvolutionShape> shapes, string subject)
    {
        KernelReport report = _report ?? throw new InvalidOperationException("Kernels are verified after the start-up selection.");
        var fresh = shapes.Where(s => !_verified.Contains(s)).Distinct().ToList();
        if (fresh.Count == 0)
        {
            return report;
        }

        KernelCheckResult check = KernelCheck.Run(fresh, report.Path);
        if (check.Passed)
        {
            return Accept(report.Path, report.Mode, report.CappedIsa, report.FallbackReason, fresh, check);
        }

        string reason = $"{subject}: {Because(report.Path, report.CappedIsa, check)}";
        if (report.Mode != KernelMode.Auto || report.Path == KernelPath.Native)
        {
            throw new KernelVerificationException($"Convolution kernels are wrong at the layers of {reason}.", check.Failures[0]);
        }

        _oneDnn.Enabled = false;
        var everything = KernelCheck.StartupShapes.Concat(_verified).Concat(fresh).Distinct().ToList();
        _verified.Clear();
        return Adopt(KernelPath.Native, report.Mode, report.CappedIsa, Join(report.FallbackReason, reason), everything, null);
    }

    /// <summary>Checks <paramref name="shapes"/> on <paramref name="path"/> and adopts it, or refuses naming both failures.</summary>
    private KernelReport Adopt(KernelPath path, KernelMode mode, string? cappedIsa, string? reason, IReadOnlyCollection<ConvolutionShape> shapes, string? why)
    {
        KernelCheckResult check = KernelCheck.Run(shapes, path);
        if (!check.Passed)
        {
            string earlier = reason ?? why ?? "";
            throw new KernelVerificationException(
                $"No convolution kernels compute correct results on this machine: {Because(path, cappedIsa, check)}" +
                (earlier.Length > 0 ? $"; earlier: {earlier}" : "") + ".",
                check.Failures[0]);
        }

        return Accept(path, mode, cappedIsa, reason, shapes, check);
    }

    private KernelReport Accept(KernelPath path, KernelMode mode, string? cappedIsa, string? reason, IEnumerable<ConvolutionShape> shapes, KernelCheckResult check)
    {
        _verified.UnionWith(shapes);
        double worst = Math.Max(_report?.Path == path ? _report.WorstRelativeError : 0, check.WorstRelativeError);
        _report = new KernelReport(path, mode, path == KernelPath.Native ? null : cappedIsa, reason, _verified.Count, worst);
        return _report;
    }

    private static string Because(KernelPath path, string? cappedIsa, KernelCheckResult check)
    {
        string name = path switch
        {
            KernelPath.OneDnn => "oneDNN",
            KernelPath.OneDnnCappedIsa => $"oneDNN capped at {cappedIsa}",
            _ => "native kernels",
        };
        return $"{name} failed {check.Failures.Count} of {check.Deviations.Count} checks, first {check.Failures[0]}";
    }

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : $"{first}; then {second}";
}
