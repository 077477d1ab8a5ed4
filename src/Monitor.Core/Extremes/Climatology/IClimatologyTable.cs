namespace Monitor.Core.Extremes.Climatology;

/// <summary>
/// One variable's stored climatology: every statistic over [hour slot, window, latitude, longitude], read and written
/// in row blocks. Implemented where files are (Products); the climatology's science only sees this.
/// </summary>
public interface IClimatologyTable : IDisposable
{
    /// <summary>What the table holds; <see cref="ClimatologyVariableInfo.FilePath"/> says where.</summary>
    public ClimatologyVariableInfo Info { get; }

    /// <summary>Writes rows of one statistic at one hour slot and window.</summary>
    public void Write(ClimateStatistic statistic, int hour, int window, int firstRow, int rowCount, ReadOnlySpan<float> values);

    /// <summary>Reads rows of one statistic at one hour slot and window.</summary>
    public void Read(ClimateStatistic statistic, int hour, int window, int firstRow, int rowCount, Span<float> destination);
}
