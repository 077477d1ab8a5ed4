namespace Monitor.Core.Cycles;

/// <summary>
/// An entry of an <see cref="ArchiveManifest"/>'s <c>perFile</c> list: how the files matching <see cref="File"/> are
/// read where they differ from the rest of the archive. Its aliases and dimension names are merged over the
/// manifest's (its own win for the same name); its time units replace the manifest's.
/// </summary>
/// <example>
/// Two files that both call their variable <c>u</c>, one at 10 m and one at 500 hPa:
/// <code>
/// "perFile": [
///   { "file": "U.cdf", "aliases": { "u": "u10" } },
///   { "file": "U500*.cdf", "aliases": { "u": "u500" } }
/// ]
/// </code>
/// </example>
public sealed record ManifestFileOverride
{
    /// <summary>Glob (<c>*</c> and <c>?</c> in the file name; folders literal), relative to the manifest's folder.</summary>
    public required string File { get; init; }

    /// <summary>
    /// Name in file → variable, for these files only; the variable may carry a pressure level (<c>u500</c>) when the
    /// files hold one level without a level dimension.
    /// </summary>
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();

    /// <summary>Dimension name in file → a name CF decoding knows (<c>time</c>, <c>level</c> …), for these files only.</summary>
    public IReadOnlyDictionary<string, string> Dimensions { get; init; } = new Dictionary<string, string>();

    /// <summary>CF time units for these files' time coordinates that have none; replaces the manifest's.</summary>
    public string? TimeUnits { get; init; }
}
