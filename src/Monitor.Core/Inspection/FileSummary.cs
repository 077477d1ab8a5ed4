using Monitor.Core.Formats;

namespace Monitor.Core.Inspection;

/// <summary>What an inspected file holds.</summary>
/// <param name="Path">The file.</param>
/// <param name="Format">Container format.</param>
/// <param name="Fields">Its fields, in file order.</param>
public sealed record FileSummary(string Path, DataFileFormat Format, IReadOnlyList<FieldSummary> Fields);
