namespace Monitor.Core.Runtime.Kernels;

/// <summary>
/// A simulated wrong kernel, for proving the verification and fallback on machines whose kernels are right
/// (<c>V2V_KERNEL_FAULT</c>, or <see cref="KernelFaultInjection.Inject"/> in tests). It scales the results of the
/// backward-data kernels — input gradients and the relevance rules' adjoints — by 1.25 on the affected paths, as the
/// real fault corrupts those kernels and leaves forward convolutions right.
/// </summary>
public enum KernelFault
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>Wrong when oneDNN runs at its full instruction set (the fault seen on AVX-512 hosts).</summary>
    FullIsa,

    /// <summary>Wrong whenever oneDNN runs, whatever its instruction set.</summary>
    OneDnn,

    /// <summary>Wrong on every path (nothing verifies: the process must refuse to compute).</summary>
    Everywhere,
}
