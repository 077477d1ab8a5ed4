namespace Monitor.Core.Cycles;

/// <summary>
/// Data read from an archive or a cycle cannot be used for what was asked (missing values where a complete field is
/// needed, a missing analysis, a grid that differs from the model's): names the archive or cycle folder, the cycle and
/// the variable.
/// </summary>
public sealed class CycleDataException(string location, string? variable, string message)
    : Exception($"{location}{(variable is null ? "" : $": '{variable}'")}: {message}")
{
    /// <summary>The archive, manifest or cycle folder.</summary>
    public string Location { get; } = location;

    /// <summary>The variable, when one is concerned.</summary>
    public string? Variable { get; } = variable;
}
