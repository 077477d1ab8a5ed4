using System.Globalization;

namespace Monitor.Core.Runtime.Kernels;

/// <summary>
/// How far one float32 operation landed from its float64 reference: the largest absolute difference over the largest
/// absolute reference value (infinite when the result holds NaN or ∞).
/// </summary>
/// <param name="Shape">The layer.</param>
/// <param name="Operation">What was computed.</param>
/// <param name="RelativeError">max |float32 − float64| / max |float64|.</param>
public sealed record KernelDeviation(ConvolutionShape Shape, ConvolutionOperation Operation, double RelativeError)
{
    /// <summary>E.g. <c>InputGradient of convolution 6→4 … : relative error 1.8E-001</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Operation} of {Shape}: relative error {RelativeError:E1}");
}
