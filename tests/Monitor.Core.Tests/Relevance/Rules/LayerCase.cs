using Monitor.Core.Relevance.Rules;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Rules;

/// <summary>
/// A small seeded layer (float32) with its input, and the same layer as a dense float64 matrix w_jk (input j, output
/// k) and bias b_k, materialised by probing the layer with unit inputs — the oracle the literal rules read.
/// Create inside a dispose scope.
/// </summary>
internal sealed class LayerCase
{
    public static readonly string[] Names = ["linear", "conv-s1", "conv-s2", "convT"];

    private LayerCase(string name, LinearLayer layer, Tensor input)
    {
        Name = name;
        Layer = layer;
        Input = input;
        long[] sampleShape = input.shape[1..];
        Channels = (int)sampleShape[0];
        InputSize = (int)sampleShape.Aggregate(1L, (a, b) => a * b);

        Tensor weight64 = layer.Weight.to(float64);
        Tensor probes = eye(InputSize, dtype: float64).reshape([InputSize, .. sampleShape]);
        Tensor columns = layer.Apply(probes, weight64, null).reshape(InputSize, -1);
        OutputSize = (int)columns.shape[1];
        double[] flat = columns.data<double>().ToArray();
        Weights = new double[InputSize, OutputSize];
        for (int j = 0; j < InputSize; j++)
        {
            for (int k = 0; k < OutputSize; k++)
            {
                Weights[j, k] = flat[(j * OutputSize) + k];
            }
        }

        Tensor zero = zeros([1, .. sampleShape], dtype: float64);
        Biases = layer.Bias is null
            ? new double[OutputSize]
            : layer.Apply(zero, weight64, layer.Bias.to(float64)).reshape(-1).data<double>().ToArray();
    }

    public string Name { get; }

    public LinearLayer Layer { get; }

    /// <summary>Input <c>[2, ...]</c>, float32.</summary>
    public Tensor Input { get; }

    /// <summary>Size of dimension 1 of the input (features or channels).</summary>
    public int Channels { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>Dense w_jk, float64.</summary>
    public double[,] Weights { get; }

    /// <summary>b_k per output element, float64 (0 without bias).</summary>
    public double[] Biases { get; }

    public static LayerCase Create(string name, bool bias, bool nonNegativeInput = false, int seed = 11)
    {
        random.manual_seed(seed);
        (LinearLayerKind kind, long[] weightShape, long outChannels, long stride, long[] inputShape) = name switch
        {
            "linear" => (LinearLayerKind.Linear, new long[] { 4, 6 }, 4L, 1L, new long[] { 2, 6 }),
            "conv-s1" => (LinearLayerKind.Conv2d, new long[] { 3, 2, 3, 3 }, 3L, 1L, new long[] { 2, 2, 6, 6 }),
            "conv-s2" => (LinearLayerKind.Conv2d, new long[] { 3, 2, 3, 3 }, 3L, 2L, new long[] { 2, 2, 7, 7 }),
            "convT" => (LinearLayerKind.ConvTranspose2d, new long[] { 3, 2, 2, 2 }, 2L, 2L, new long[] { 2, 3, 3, 3 }),
            _ => throw new ArgumentException($"unknown case {name}", nameof(name)),
        };
        Tensor weight = randn(weightShape, dtype: float64).to(float32);
        Tensor? b = bias ? (randn(outChannels, dtype: float64) * 0.5).to(float32) : null;
        Tensor input = randn(inputShape, dtype: float64).to(float32);
        if (nonNegativeInput)
        {
            input = input.abs();
        }

        return new LayerCase(name, new LinearLayer(kind, weight, b, stride), input);
    }

    /// <summary>The input channel of flat input index <paramref name="j"/>.</summary>
    public int ChannelOf(int j) => j / (InputSize / Channels);

    /// <summary>Sample <paramref name="b"/> of <paramref name="t"/> as float64 values.</summary>
    public static double[] Sample(Tensor t, int b) => t[b].to(float64).reshape(-1).data<double>().ToArray();
}
