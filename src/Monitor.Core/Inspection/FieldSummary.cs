namespace Monitor.Core.Inspection;

/// <summary>One field of an inspected file.</summary>
/// <param name="Name">Canonical id (e.g. <c>z500</c>) or, when unknown, the name in the file.</param>
/// <param name="NameInFile">The name in the file.</param>
/// <param name="ValidTime">Valid time (UTC), null for static fields.</param>
/// <param name="ReferenceTime">Initialisation time (UTC) when known.</param>
/// <param name="Grid">Grid description, or null when unsupported.</param>
/// <param name="Units">Units of the statistics.</param>
/// <param name="Minimum">NaN-aware minimum (NaN when unreadable or all missing).</param>
/// <param name="Mean">NaN-aware mean.</param>
/// <param name="Maximum">NaN-aware maximum.</param>
/// <param name="MissingFraction">Fraction of cells missing (0–1).</param>
/// <param name="Problem">Why the field could not be summarised, or null.</param>
public sealed record FieldSummary(
    string Name,
    string NameInFile,
    DateTime? ValidTime,
    DateTime? ReferenceTime,
    string? Grid,
    string Units,
    double Minimum,
    double Mean,
    double Maximum,
    double MissingFraction,
    string? Problem);
