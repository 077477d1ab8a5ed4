using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Baselines;

/// <summary>
/// The gradient (sensitivity) ∂(Σ s ⊙ f)/∂x (Simonyan, Vedaldi, Zisserman, arXiv:1312.6034, 2013, used without the
/// absolute value). It says how F changes with each input, not how much each input contributed, and carries no
/// attribution sign (Mamalakis et al., Environmental Data Science 2022).
/// </summary>
public sealed class GradientAttribution : AttributionMethod
{
    /// <summary>Creates the method.</summary>
    public GradientAttribution()
        : base("gradient")
    {
    }

    private protected override Tensor Compute(Func<Tensor, Tensor> model, Tensor input, Tensor selector)
        => SelectedGradient(model, input, selector);
}
