using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Products;

namespace Monitor.Core.Monitoring;

/// <summary>
/// History from the local reports (<c>{reports}/{cycle}/report.json</c>): what the service answers when it writes to no
/// InfluxDB. Reads only the cycles whose leads can reach the period.
/// </summary>
public sealed class ReportHistory(string reportsDirectory) : IMonitorHistory
{
    /// <inheritdoc />
    public string Describe() => $"reports in {reportsDirectory}";

    /// <inheritdoc />
    public Task<IReadOnlyList<RegimeObservation>> RegimesAsync(DateTime first, DateTime last, int leadHours, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<RegimeObservation> found = [.. Reports(first.AddHours(-leadHours), last.AddHours(-leadHours), cancellationToken)
            .SelectMany(r => r.Regimes.Where(l => l.LeadHours == leadHours && l.ValidTime >= first && l.ValidTime <= last)
                .Select(l => new RegimeObservation(l.ValidTime, r.Cycle, l.Label, l.Name)))
            .OrderBy(o => o.ValidTime)];
        return Task.FromResult(found);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ShareStatistics>> RelevanceSharesAsync(string model, string region, int leadHours, DateTime first, DateTime last,
        CancellationToken cancellationToken = default)
    {
        var shares = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (CycleReport report in Reports(first.AddHours(-leadHours), last.AddHours(-leadHours), cancellationToken))
        {
            foreach (ExplainedRegion e in report.Explanations.Where(e => e.Model == model && e.Slot == region && e.LeadHours == leadHours
                         && e.ValidTime >= first && e.ValidTime <= last))
            {
                foreach (InputRelevance input in e.Inputs.Where(i => double.IsFinite(i.Share)))
                {
                    if (!shares.TryGetValue(input.Input, out List<double>? values))
                    {
                        values = [];
                        shares[input.Input] = values;
                    }

                    values.Add(input.Share);
                }
            }
        }

        IReadOnlyList<ShareStatistics> statistics = [.. shares.Select(kv => Statistics(kv.Key, kv.Value))];
        return Task.FromResult(statistics);
    }

    private static ShareStatistics Statistics(string input, List<double> values)
    {
        double mean = values.Average();
        double std = values.Count < 2 ? double.NaN : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new ShareStatistics(input, values.Count, mean, std, values.Min(), values.Max());
    }

    /// <summary>The reports of cycles initialised in [<paramref name="firstInit"/>, <paramref name="lastInit"/>].</summary>
    private IEnumerable<CycleReport> Reports(DateTime firstInit, DateTime lastInit, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(reportsDirectory))
        {
            yield break;
        }

        foreach (string directory in Directory.EnumerateDirectories(reportsDirectory).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string file = Path.Combine(directory, CycleReportFile.FileName);
            if (CycleId.TryParse(Path.GetFileName(directory), out CycleId cycle) && cycle.InitTime >= firstInit && cycle.InitTime <= lastInit && File.Exists(file))
            {
                yield return CycleReportFile.Read(file);
            }
        }
    }
}
