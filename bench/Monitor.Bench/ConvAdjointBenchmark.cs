using System.Globalization;
using Monitor.Core.Relevance.Rules;
using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// The convolution kernels behind the relevance rules' adjoints, at the layer and window shapes of the transfer
/// networks' explanations (W1 whole layers, W1 quarter-resolution layers, a small window, a W2 whole layer): the
/// layer's forward convolution as the peer; one adjoint as libtorch's transposed convolution (what the rules use)
/// against the "full" convolution with the flipped kernel; two adjoints (LRP-γ's) as two calls against one grouped call
/// (including concatenating the inputs and weights; the rules use it where <see cref="LinearLayer.PairsInOneCall"/>).
/// </summary>
internal static class ConvAdjointBenchmark
{
    /// <summary>Options: repeat (timed runs per kernel; each run is 50 calls).</summary>
    public static readonly string[] Options = ["repeat"];

    public static void Run(BenchArguments options)
    {
        int repeat = options.Count("repeat", 9);
        TorchRuntime.Initialize();
        var table = new MarkdownTable(
            "input window", "channels in → out", "forward conv µs", "adjoint: transposed conv µs", "adjoint: flipped full conv µs",
            "two adjoints: two calls µs", "two adjoints: one grouped call µs");
        (int In, int Out, int Rows, int Columns, string Where)[] shapes =
        [
            (16, 16, 34, 66, "W1 full resolution, whole"), (32, 32, 18, 34, "W1 half resolution, whole"),
            (64, 64, 10, 18, "W1 quarter resolution, whole"), (16, 16, 11, 11, "a 9×9 window"), (16, 16, 162, 354, "W2 full resolution, whole"),
        ];
        foreach ((int channelsIn, int channelsOut, int rows, int columns, string where) in shapes)
        {
            using IDisposable scope = NewDisposeScope();
            using IDisposable noGrad = no_grad();
            random.manual_seed(1);
            Tensor input = randn(1, channelsIn, rows, columns), weight = randn(channelsOut, channelsIn, 3, 3), absolute = weight.abs();
            var layer = new LinearLayer(LinearLayerKind.Conv2d, weight, null);
            Tensor gradient = randn(1, channelsOut, rows - 2, columns - 2), signed = randn(1, channelsOut, rows - 2, columns - 2);
            Tensor flipped = weight.transpose(0, 1).flip(2, 3).contiguous();
            table.Add(
                $"{rows}×{columns} ({where})",
                $"{channelsIn} → {channelsOut}",
                Microseconds(() => nn.functional.conv2d(input, weight), repeat),
                Microseconds(() => layer.Transpose(gradient, weight, input.shape), repeat),
                Microseconds(() => nn.functional.conv2d(gradient, flipped, padding: [2, 2]), repeat),
                Microseconds(() =>
                {
                    layer.Transpose(gradient, weight, input.shape);
                    return layer.Transpose(signed, absolute, input.shape);
                }, repeat),
                Microseconds(() => layer.Transpose(cat([gradient, signed], 1), cat([weight, absolute], 0), input.shape, groups: 2), repeat));
        }

        Console.WriteLine($"Convolution kernels of the relevance rules (batch 1, 3×3 kernels, stride 1; median of {repeat} runs of 50 calls):");
        Console.WriteLine();
        Console.WriteLine(table);
    }

    private static string Microseconds(Func<Tensor> kernel, int repeat)
    {
        TimingSummary timing = TimingSummary.Measure(
            () =>
            {
                for (int i = 0; i < 50; i++)
                {
                    using IDisposable scope = NewDisposeScope();
                    kernel();
                }
            },
            2,
            repeat);
        return (timing.Median * 1e6 / 50).ToString("F1", CultureInfo.InvariantCulture);
    }
}
