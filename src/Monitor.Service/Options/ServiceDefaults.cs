namespace Monitor.Service.Options;

/// <summary>Defaults shared by the service's settings and the command line.</summary>
public static class ServiceDefaults
{
    /// <summary>
    /// The explanation composite: <c>zero</c>, LRP-0 in every layer — against the reference state DeepLIFT's rescale
    /// rule (reference-point LRP). Chosen on the selection seeds of the fidelity benchmark v2 (docs/relevance.md,
    /// "Ground-truth fidelity"): the most faithful candidate costing at most a tenth of integrated gradients.
    /// </summary>
    public const string Composite = "zero";
}
