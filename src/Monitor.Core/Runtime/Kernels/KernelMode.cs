namespace Monitor.Core.Runtime.Kernels;

/// <summary>How the convolution kernels are chosen: the <c>V2V_ONEDNN</c> environment variable (default <c>auto</c>).</summary>
public enum KernelMode
{
    /// <summary>oneDNN when it verifies; otherwise a capped instruction set (after a restart), then oneDNN off.</summary>
    Auto,

    /// <summary>oneDNN only; a failed verification is an error (for measurements).</summary>
    On,

    /// <summary>oneDNN off: libtorch's own kernels, still verified (for measurements).</summary>
    Off,
}
