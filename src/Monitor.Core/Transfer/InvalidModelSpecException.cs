namespace Monitor.Core.Transfer;

/// <summary>A model spec, or a model's fit to a cycle, is wrong; the message lists every problem.</summary>
public sealed class InvalidModelSpecException(string model, IReadOnlyList<string> problems)
    : Exception($"Model '{model}': {string.Join("; ", problems)}.")
{
    /// <summary>The problems found.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
