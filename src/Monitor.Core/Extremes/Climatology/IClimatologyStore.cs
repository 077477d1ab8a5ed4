namespace Monitor.Core.Extremes.Climatology;

/// <summary>
/// Where a percentile climatology lives (a directory of CF netCDF files: <c>Products/ClimatologyFiles</c>). A build
/// writes staged tables that become visible together on <see cref="Commit"/>, so readers never see half a climatology
/// and a failed build leaves the previous one intact.
/// </summary>
public interface IClimatologyStore
{
    /// <summary>Where the climatology is, for messages.</summary>
    public string Location { get; }

    /// <summary>Opens every stored variable's table, in a stable order; none when nothing is stored. The caller disposes them.</summary>
    public IReadOnlyList<IClimatologyTable> OpenAll();

    /// <summary>Creates a staged table for <paramref name="info"/>, chunked by <paramref name="rowsPerChunk"/> rows of one field.</summary>
    /// <param name="info">What the table will hold.</param>
    /// <param name="rowsPerChunk">Rows per storage chunk (the builder's block height).</param>
    /// <param name="source">Where the samples came from, recorded with the table.</param>
    public IClimatologyTable CreateStaged(ClimatologyVariableInfo info, int rowsPerChunk, string source);

    /// <summary>
    /// Replaces the stored climatology by the <paramref name="staged"/> tables (disposed here) and removes stored
    /// variables that are not among them; returns where each now is.
    /// </summary>
    public IReadOnlyList<string> Commit(IReadOnlyList<IClimatologyTable> staged, IProgress<string>? progress = null);

    /// <summary>Drops staged tables after a failure (disposed here); the stored climatology is untouched.</summary>
    public void Discard(IReadOnlyList<IClimatologyTable> staged);
}
