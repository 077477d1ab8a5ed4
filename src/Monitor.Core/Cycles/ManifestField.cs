using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>One field a <see cref="ManifestArchive"/> found in a file, as the manifest reads it.</summary>
/// <param name="Variable">The variable it is read as (with the level the file or the manifest gives it).</param>
/// <param name="ValidTime">Its time (UTC).</param>
/// <param name="NameInFile">The variable's name in the file.</param>
public sealed record ManifestField(VariableId Variable, DateTime ValidTime, string NameInFile);
