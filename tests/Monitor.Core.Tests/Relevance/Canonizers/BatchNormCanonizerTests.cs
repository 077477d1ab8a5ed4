using Monitor.Core.Relevance.Architectures;
using Monitor.Core.Relevance.Canonizers;
using Monitor.Core.Relevance.Rules;
using Monitor.Core.Runtime;
using BatchNorm = Monitor.Core.Transfer.Modules.BatchNorm;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Canonizers;

/// <summary>
/// BatchNorm folded into the preceding (transposed) convolution: same outputs as conv → BN(eval), the module untouched,
/// training mode refused, and W', b' equal to the formula W' = W·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β element by element.
/// </summary>
public sealed class BatchNormCanonizerTests(ITestOutputHelper output)
{
    private const double RelativeTolerance = 1e-5;

    public static TheoryData<string, bool> Cases() => new()
    {
        { "conv-s1", false },
        { "conv-s1", true },
        { "conv-s2", false },
        { "conv-s2", true },
        { "convT", false },
        { "convT", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Folded_MatchesConvolutionThenEvalBatchNorm(string name, bool bias)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using FoldCase c = FoldCase.Create(name, bias);
        Tensor reference;
        using (no_grad())
        {
            reference = c.Norm.call(c.Convolution.call(c.Input));
        }

        LinearLayer folded = c.Fold();
        Tensor actual = folded.Apply(c.Input, folded.Weight, folded.Bias);

        Assert.Equal(reference.shape, actual.shape);
        double maxDifference = actual.sub(reference).abs().max().to(float64).item<double>();
        double maxReference = reference.abs().max().to(float64).item<double>();
        double relative = maxDifference / maxReference;
        output.WriteLine($"MAXREL {name} bias={bias} {relative:E3} (max |diff| {maxDifference:E3}, max |ref| {maxReference:E3})");
        Assert.True(relative <= RelativeTolerance, $"{name} (bias {bias}): max |folded − conv→BN| / max |ref| = {relative:E3}");
        Assert.False(folded.Weight.requires_grad);
        Assert.Equal(c.Convolution.weight.dtype, folded.Weight.dtype);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Folding_LeavesTheModulesBitIdentical(string name, bool bias)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using FoldCase c = FoldCase.Create(name, bias);
        Dictionary<string, byte[]> before = c.Snapshot();

        LinearLayer folded = c.Fold();

        // The folded tensors are fresh: writing to them must not reach the modules.
        using (no_grad())
        {
            folded.Weight.add_(1.0);
            folded.Bias!.add_(1.0);
        }

        Dictionary<string, byte[]> after = c.Snapshot();
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach ((string key, byte[] bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[key]), $"{key} changed");
        }

        Assert.True(c.Norm.get_buffer("running_mean")!.abs().sum().to(float64).item<double>() > 0, "the case's statistics are non-trivial");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Folding_RefusesATrainingModeBatchNorm(string name, bool bias)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using FoldCase c = FoldCase.Create(name, bias);
        c.Norm.train();

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => c.Fold());
        Assert.Contains("training mode", e.Message, StringComparison.Ordinal);
        Assert.Contains("eval()", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FoldedParameters_EqualTheFormula_ElementByElement(string name, bool bias)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using FoldCase c = FoldCase.Create(name, bias);
        LinearLayer folded = c.Fold();

        double[] gamma = Values(c.Norm.get_parameter("weight")!);
        double[] beta = Values(c.Norm.get_parameter("bias")!);
        double[] mean = Values(c.Norm.get_buffer("running_mean")!);
        double[] variance = Values(c.Norm.get_buffer("running_var")!);
        double[] b = c.Convolution.bias is null ? new double[gamma.Length] : Values(c.Convolution.bias);
        long[] shape = c.Convolution.weight.shape;
        double[] w = Values(c.Convolution.weight);
        double[] actualWeight = Values(folded.Weight);
        double[] actualBias = Values(folded.Bias!);
        bool transposed = name == "convT";

        double maxDifference = 0;
        int flat = 0;
        for (long i0 = 0; i0 < shape[0]; i0++)
        {
            for (long i1 = 0; i1 < shape[1]; i1++)
            {
                for (long kh = 0; kh < shape[2]; kh++)
                {
                    for (long kw = 0; kw < shape[3]; kw++, flat++)
                    {
                        long o = transposed ? i1 : i0;
                        double expected = w[flat] * gamma[o] / Math.Sqrt(variance[o] + BatchNorm.Epsilon);
                        maxDifference = Math.Max(maxDifference, RelativeError(expected, actualWeight[flat]));
                    }
                }
            }
        }

        for (int o = 0; o < gamma.Length; o++)
        {
            double expected = ((b[o] - mean[o]) * gamma[o] / Math.Sqrt(variance[o] + BatchNorm.Epsilon)) + beta[o];
            maxDifference = Math.Max(maxDifference, RelativeError(expected, actualBias[o]));
        }

        // The fold is computed in float64 and rounded once to float32 (relative 6e-8).
        output.WriteLine($"MAXREL-LITERAL {name} bias={bias} {maxDifference:E3}");
        Assert.Equal(gamma.Length, actualBias.Length);
        Assert.True(maxDifference <= 1e-7, $"{name} (bias {bias}): max relative |W', b' − formula| = {maxDifference:E3}");
    }

    [Theory]
    [InlineData(LinearLayerKind.Linear)]
    [InlineData(LinearLayerKind.Conv2d)]
    [InlineData(LinearLayerKind.ConvTranspose2d)]
    public void TensorFold_InFloat64_EqualsTheFormulaAndTheComposition(LinearLayerKind kind)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        random.manual_seed(5);
        (long[] weightShape, long[] inputShape, int outputDimension, long stride) = kind switch
        {
            LinearLayerKind.Linear => (new long[] { 4, 5 }, new long[] { 3, 5 }, 0, 1L),
            LinearLayerKind.Conv2d => (new long[] { 4, 2, 3, 3 }, new long[] { 2, 2, 7, 7 }, 0, 2L),
            _ => (new long[] { 3, 4, 2, 2 }, new long[] { 2, 3, 4, 4 }, 1, 2L),
        };
        long channels = weightShape[outputDimension];
        var layer = new LinearLayer(kind, randn(weightShape, dtype: float64), randn(channels, dtype: float64), stride);
        Tensor gamma = randn(channels, dtype: float64);
        Tensor beta = randn(channels, dtype: float64);
        Tensor mean = randn(channels, dtype: float64);
        Tensor variance = rand(channels, dtype: float64) + 0.2;
        const double eps = 1e-3;

        LinearLayer folded = BatchNormCanonizer.Fold(layer, gamma, beta, mean, variance, eps);

        double[] g = Values(gamma);
        double[] s = [.. g.Select((x, o) => x / Math.Sqrt(Values(variance)[o] + eps))];
        long[] scaleShape = Enumerable.Repeat(1L, weightShape.Length).ToArray();
        scaleShape[outputDimension] = channels;
        Tensor expectedWeight = layer.Weight * tensor(s, dtype: float64).reshape(scaleShape);
        double[] expectedBias = [.. s.Select((x, o) => ((Values(layer.Bias!)[o] - Values(mean)[o]) * x) + Values(beta)[o])];
        double weightDifference = folded.Weight.sub(expectedWeight).abs().max().to(float64).item<double>();
        double biasDifference = Values(folded.Bias!).Zip(expectedBias, (a, e) => Math.Abs(a - e)).Max();

        Tensor input = randn(inputShape, dtype: float64);
        Tensor reference = nn.functional.batch_norm(
            layer.Apply(input, layer.Weight, layer.Bias), mean, variance, gamma, beta, training: false, eps: eps);
        Tensor actual = folded.Apply(input, folded.Weight, folded.Bias);
        double relative = actual.sub(reference).abs().max().to(float64).item<double>() / reference.abs().max().to(float64).item<double>();

        output.WriteLine($"FLOAT64 {kind} weight {weightDifference:E3} bias {biasDifference:E3} output-rel {relative:E3}");
        Assert.True(weightDifference <= 1e-12 && biasDifference <= 1e-12, $"{weightDifference:E3}, {biasDifference:E3}");
        Assert.True(relative <= 1e-12, $"{relative:E3}");
        Assert.Equal(kind, folded.Kind);
        Assert.Equal(stride, folded.Stride);
    }

    [Fact]
    public void Folding_RefusesAPaddedConvolution()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using Conv2d conv = nn.Conv2d(2, 3, 3, padding: 1, bias: false);
        using var norm = new BatchNorm(3);
        norm.eval();

        Assert.Throws<ArgumentException>(() => TransferNetworks.FoldBatchNorm(conv, norm));
    }

    private static double RelativeError(double expected, double actual)
        => Math.Abs(expected - actual) / Math.Max(Math.Abs(expected), 1e-30);

    private static double[] Values(Tensor t) => t.detach().to(float64).reshape(-1).data<double>().ToArray();

    /// <summary>A seeded convolution (float32) with a BatchNorm of random γ, β, μ, σ² in eval mode, and an input.</summary>
    private sealed class FoldCase : IDisposable
    {
        private FoldCase(Convolution convolution, BatchNorm norm, Tensor input)
        {
            Convolution = convolution;
            Norm = norm;
            Input = input;
        }

        public Convolution Convolution { get; }

        public BatchNorm Norm { get; }

        public Tensor Input { get; }

        public static FoldCase Create(string name, bool bias, int seed = 17)
        {
            random.manual_seed(seed);
            (Convolution convolution, long channels, long[] inputShape) = name switch
            {
                "conv-s1" => ((Convolution)nn.Conv2d(3, 4, 3, stride: 1, bias: bias), 4L, new long[] { 2, 3, 8, 8 }),
                "conv-s2" => (nn.Conv2d(3, 4, 3, stride: 2, bias: bias), 4L, new long[] { 2, 3, 9, 9 }),
                "convT" => (nn.ConvTranspose2d(4, 2, 2, stride: 2, bias: bias), 2L, new long[] { 2, 4, 5, 5 }),
                _ => throw new ArgumentException($"unknown case {name}", nameof(name)),
            };

            var norm = new BatchNorm(channels);
            using (no_grad())
            {
                norm.get_parameter("weight")!.copy_(randn(channels) * 1.5);
                norm.get_parameter("bias")!.copy_(randn(channels) * 0.7);
                norm.get_buffer("running_mean")!.copy_(randn(channels) * 0.8);
                norm.get_buffer("running_var")!.copy_((rand(channels) * 2.0) + 0.05);
                norm.get_buffer("num_batches_tracked")!.fill_(42);
            }

            norm.eval();
            convolution.eval();
            Tensor input = randn(inputShape) * 2.0;
            return new FoldCase(convolution, norm, input);
        }

        public LinearLayer Fold() => Convolution switch
        {
            Conv2d conv => TransferNetworks.FoldBatchNorm(conv, Norm),
            ConvTranspose2d convT => TransferNetworks.FoldBatchNorm(convT, Norm),
            _ => throw new InvalidOperationException("unknown convolution"),
        };

        /// <summary>Raw bytes of every parameter and buffer of both modules.</summary>
        public Dictionary<string, byte[]> Snapshot()
        {
            var snapshot = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach ((string key, Tensor value) in Convolution.state_dict())
            {
                snapshot["conv." + key] = value.bytes.ToArray();
            }

            foreach ((string key, Tensor value) in Norm.state_dict())
            {
                snapshot["norm." + key] = value.bytes.ToArray();
            }

            return snapshot;
        }

        public void Dispose()
        {
            Convolution.Dispose();
            Norm.Dispose();
        }
    }
}
