using Monitor.Core.Relevance.Rules;
using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// A residual addition z = a + b. Relevance is split in proportion to each branch's contribution,
/// R_a = a / z · R, R_b = b / z · R (LRP-0 on the sum, with z stabilised to z + ε·sign(z)), so R_a + R_b = R up to
/// the stabiliser: relevance is neither doubled (as copying R to both branches would) nor lost.
/// </summary>
internal sealed class SumStep : GraphStep
{
    public SumStep(int first, int second, int output)
        : base([first, second], output)
    {
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => inputs[0].add(inputs[1], KeptScalars.One);

    public override IReadOnlyList<Windows> Reach(IReadOnlyList<Tensor> inputs, Tensor output, Windows windows) => [windows, windows];

    public override IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance)
        => Backward(inputs, output, relevance, LrpRule.DefaultStabiliser);

    /// <summary>
    /// The split with stabiliser <paramref name="epsilon"/>: 0 on the differences of reference-point LRP, where the split
    /// Δa/Δz is DeepLIFT's exact one and a fixed ε would distort it wherever the branches' differences nearly cancel
    /// (only a Δz of exactly 0 is replaced; its relevance is 0 too, being proportional to Δz).
    /// </summary>
    public static IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance, double epsilon)
    {
        // Values of batch 1 broadcast against relevance of batch K; both branches get the relevance's window.
        Windows window = relevance.Windows;
        (Tensor first, Tensor second) = FusedKernels.SplitSum(
            relevance.Values, window.Of(inputs[0]), window.Of(inputs[1]), window.Of(output), epsilon);
        return [new WindowedRelevance(first, window), new WindowedRelevance(second, window)];
    }
}
