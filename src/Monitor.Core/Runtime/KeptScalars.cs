using TorchSharp;

namespace Monitor.Core.Runtime;

/// <summary>
/// Scalars that live for the whole process. TorchSharp converts .NET numbers to native <see cref="Scalar"/>s
/// implicitly (e.g. <c>a + b</c> passes alpha = 1) and frees them in a finaliser; the garbage collector may run that
/// finaliser while libtorch still reads the scalar, which crashed a training run here ("Unknown scalar type").
/// Passing these statics instead keeps every scalar reachable for the duration of the call.
/// </summary>
internal static class KeptScalars
{
    /// <summary>1 for floating-point tensors.</summary>
    public static readonly Scalar One = 1.0.ToScalar();

    /// <summary>1 for integer tensors (libtorch refuses a floating alpha on them).</summary>
    public static readonly Scalar OneInteger = 1L.ToScalar();
}
