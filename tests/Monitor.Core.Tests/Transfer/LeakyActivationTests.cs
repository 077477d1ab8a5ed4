using Monitor.Core.Runtime;
using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Transfer;

/// <summary>The networks' activation is LeakyReLU(0.1): x for x ≥ 0, 0.1 x below, element by element, in float32 and float64.</summary>
public sealed class LeakyActivationTests
{
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Forward_IsLeakyReLUWithSlopeOneTenth(ScalarType dtype)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        double[] values = [-3.5, -1e-3, -0.0, 0.0, 2e-4, 7.25];
        using var activation = new LeakyActivation();

        double[] actual = [.. activation.call(tensor(values, dtype)).to(float64).data<double>()];

        Assert.Equal(values.Length, actual.Length);
        for (int i = 0; i < values.Length; i++)
        {
            double expected = values[i] >= 0 ? values[i] : 0.1 * values[i];
            Assert.Equal(expected, actual[i], dtype == ScalarType.Float32 ? 6 : 14);
        }
    }
}
