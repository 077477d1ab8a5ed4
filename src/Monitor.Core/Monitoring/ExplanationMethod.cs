namespace Monitor.Core.Monitoring;

/// <summary>How a region is explained (<c>explain --method</c>); each attributes the same quantity s ⊙ (ŷ − ŷ_ref).</summary>
public enum ExplanationMethod
{
    /// <summary>
    /// Layer-wise Relevance Propagation with the explainer's composite; relative to a reference state, the rules run on
    /// the differences of every value (reference-point LRP, DeepLIFT-rescale with LRP-0).
    /// </summary>
    Lrp,

    /// <summary>Integrated gradients from the reference state to the input (Sundararajan et al., ICML 2017).</summary>
    IntegratedGradients,

    /// <summary>Occlusion: each 3 × 3 patch of each input replaced by the reference state (Zeiler and Fergus, ECCV 2014).</summary>
    Occlusion,

    /// <summary>Gradient × (input − reference) at the input (Shrikumar et al. 2016; Ancona et al., ICLR 2018).</summary>
    GradientTimesInput,
}

/// <summary>Names of <see cref="ExplanationMethod"/> on the command line and in files.</summary>
public static class ExplanationMethods
{
    /// <summary>Every method with its name.</summary>
    public static IReadOnlyList<(ExplanationMethod Method, string Name)> All { get; } =
    [
        (ExplanationMethod.Lrp, "lrp"),
        (ExplanationMethod.IntegratedGradients, "integrated-gradients"),
        (ExplanationMethod.Occlusion, "occlusion"),
        (ExplanationMethod.GradientTimesInput, "gradient-x-input"),
    ];

    /// <summary>The method's name.</summary>
    public static string Name(this ExplanationMethod method) => All.First(m => m.Method == method).Name;

    /// <summary>The method named <paramref name="name"/>; throws <see cref="ArgumentException"/> listing the names otherwise.</summary>
    public static ExplanationMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach ((ExplanationMethod method, string n) in All)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                return method;
            }
        }

        throw new ArgumentException($"Unknown explanation method '{name}'; use {string.Join(", ", All.Select(m => m.Name))}.");
    }
}
