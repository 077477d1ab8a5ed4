namespace Monitor.Core.Cycles;

/// <summary>Where incoming cycles arrive and how the scanner decides one is complete.</summary>
public sealed record InboxOptions
{
    /// <summary>The inbox directory.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// File name pattern, relative to the inbox. Tokens: <c>{cycle}</c> (yyyyMMddHH, required), <c>{step}</c> (lead hours),
    /// <c>{var}</c> (variable name), <c>*</c> (anything within a path segment). Default <c>{cycle}/*</c>: one folder
    /// per cycle holding NetCDF or GRIB files.
    /// </summary>
    public string Pattern { get; init; } = "{cycle}/*";

    /// <summary>
    /// Completion marker: in a cycle folder, a file of this name; for flat layouts, <c>{cycle}</c> is replaced by the
    /// cycle id (e.g. <c>{cycle}.complete</c>). Null to rely on <see cref="ExpectedLeadHours"/> and the settle time.
    /// </summary>
    public string? MarkerFileName { get; init; } = "_COMPLETE";

    /// <summary>Lead hours a complete cycle has (used with <c>{step}</c> in the pattern, when there is no marker).</summary>
    public IReadOnlyList<int>? ExpectedLeadHours { get; init; }

    /// <summary>Number of data files a complete cycle has (when there is no marker and no <c>{step}</c> token).</summary>
    public int? ExpectedFileCount { get; init; }

    /// <summary>Files must be unchanged (last write) for this long before a cycle without marker counts as complete.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromMinutes(2);
}
