namespace Monitor.Core.Extremes.Climatology;

/// <summary>What a climatology build or update did.</summary>
/// <param name="Files">The files written (one per variable).</param>
/// <param name="Cycles">Cycles the climatology now includes.</param>
/// <param name="NewCycles">Cycles added by this run (all of them for a build).</param>
/// <param name="SamplesRead">Samples (cycle × lead) read from the source.</param>
/// <param name="WindowsComputed">Hour × window slots computed (the others were copied unchanged).</param>
/// <param name="WindowsTotal">Hour × window slots in the climatology.</param>
/// <param name="RowsPerBlock">Grid rows processed per pass, from the memory budget.</param>
/// <param name="Blocks">Passes over the source.</param>
public sealed record ClimatologyBuildResult(
    IReadOnlyList<string> Files,
    int Cycles,
    int NewCycles,
    int SamplesRead,
    int WindowsComputed,
    int WindowsTotal,
    int RowsPerBlock,
    int Blocks);
