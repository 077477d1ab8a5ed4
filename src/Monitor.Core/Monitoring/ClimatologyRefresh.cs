using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Products;

namespace Monitor.Core.Monitoring;

/// <summary>
/// Extends a percentile climatology by the new cycles of its archive: the windows they touch are recomputed exactly
/// (the result equals a full rebuild; docs/extremes.md), with the leads and settings the climatology was built with.
/// Used by <c>climatology build --update</c> and the service's nightly climatology job.
/// </summary>
public static class ClimatologyRefresh
{
    /// <summary>Updates the climatology in <paramref name="climatologyDirectory"/> from <paramref name="archive"/>.</summary>
    /// <exception cref="Cycles.CycleDataException">There is no climatology to update, or the archive is on another grid.</exception>
    public static ClimatologyBuildResult Update(string archive, string climatologyDirectory, long memoryBudgetBytes, IProgress<string>? progress = null)
    {
        IReadOnlyList<int> leads;
        using (PercentileClimatology existing = ClimatologyFiles.Open(climatologyDirectory))
        {
            leads = existing.Info(existing.Variables[0]).LeadHours;
        }

        using ICycleArchive cycles = CycleArchives.Open(archive);
        return ClimatologyBuilder.Update(new ArchiveClimateSource(cycles, leads), new ClimatologyFiles(climatologyDirectory), memoryBudgetBytes, progress);
    }
}
