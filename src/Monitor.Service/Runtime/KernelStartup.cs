using Monitor.Core.Runtime;
using Monitor.Core.Runtime.Kernels;

namespace Monitor.Service.Runtime;

/// <summary>
/// Chooses and verifies the convolution kernels before a verb that uses libtorch does any work, so that a restart with
/// a capped instruction set (<see cref="CappedIsaRestart"/>) repeats nothing and prints nothing twice.
/// </summary>
internal static class KernelStartup
{
    /// <summary>Verbs that run libtorch (<c>doctor</c> verifies by itself and reports failures in its own format).</summary>
    private static readonly HashSet<string> s_torchVerbs = ["serve", "backfill", "demo", "train", "evaluate", "ablate", "predict", "explain", "regimes", "analogues"];

    /// <summary>Exit code when no kernel path verifies (EX_SOFTWARE).</summary>
    internal const int KernelFailureExitCode = 70;

    /// <summary>Verifies the kernels when <paramref name="args"/> names a libtorch verb; returns an exit code when the process must stop.</summary>
    public static int? Prepare(string[] args, TextWriter error)
    {
        if (args.Length == 0 || !s_torchVerbs.Contains(args[0]))
        {
            return null;
        }

        try
        {
            KernelReport kernels = TorchRuntime.Kernels;
            if (kernels.FallbackReason is not null)
            {
                error.WriteLine($"v2vmonitor: convolution kernels: {kernels}");
            }

            return null;
        }
        catch (Exception ex) when (ex is KernelVerificationException or ArgumentException)
        {
            error.WriteLine($"v2vmonitor: {ex.Message}");
            return KernelFailureExitCode;
        }
    }
}
