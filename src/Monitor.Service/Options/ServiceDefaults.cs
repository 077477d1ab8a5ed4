namespace Monitor.Service.Options;

/// <summary>Defaults shared by the service's settings and the command line.</summary>
public static class ServiceDefaults
{
    /// <summary>
    /// The explanation composite: <c>layer-depth-signed</c> (LRP-0 at the input, γ in the lower third, ε in the middle,
    /// LRP-0 above), explained against the reference state (reference-point LRP). Chosen by the fidelity benchmark v2's
    /// amended rule on its selection seeds 4–6 (docs/relevance.md, "The amended rule's run"): the most faithful candidate
    /// that conserves and costs at most a tenth of integrated gradients at the production shape. <c>zero</c> (LRP-0
    /// everywhere, DeepLIFT's rescale rule) was the default before.
    /// </summary>
    public const string Composite = "layer-depth-signed";
}
