namespace Monitor.Core.Runtime.Kernels;

/// <summary>
/// No convolution kernel path computed correct results on this machine, or the path in use failed a later check. The
/// message names the operation, shape and error.
/// </summary>
public sealed class KernelVerificationException(string message, KernelDeviation? deviation = null) : Exception(message)
{
    /// <summary>The operation, shape and error that failed, when the failure was a kernel check.</summary>
    public KernelDeviation? Deviation { get; } = deviation;
}
