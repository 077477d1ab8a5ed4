using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Baselines;

/// <summary>
/// Gradient × input, x ⊙ ∂(Σ s ⊙ f)/∂x (Shrikumar et al., arXiv:1605.01713, 2016). Exact contributions w ⊙ x ⊙ s for a
/// bias-free linear model; equals LRP-0 on bias-free ReLU networks (Montavon et al. 2019) and scored among the best
/// methods in the benchmark of Mamalakis et al. (Environmental Data Science 2022).
/// </summary>
public sealed class GradientTimesInputAttribution : AttributionMethod
{
    /// <summary>Creates the method.</summary>
    public GradientTimesInputAttribution()
        : base("gradient-x-input")
    {
    }

    private protected override Tensor Compute(Func<Tensor, Tensor> model, Tensor input, Tensor selector)
        => input.mul(SelectedGradient(model, input, selector));
}
