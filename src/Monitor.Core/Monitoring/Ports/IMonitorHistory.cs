namespace Monitor.Core.Monitoring.Ports;

/// <summary>
/// What analysts ask of the past: the regime of every valid time at a lead, and how an explained region's relevance
/// was shared among the inputs over a period. Answered by InfluxQL when the InfluxDB sink is on, from the local
/// reports otherwise; both give the same answers for the same cycles.
/// </summary>
public interface IMonitorHistory
{
    /// <summary>Where the answers come from, e.g. <c>influxdb v1 http://… db=v2vmonitor</c>.</summary>
    public string Describe();

    /// <summary>The regime at lead <paramref name="leadHours"/> of every valid time from <paramref name="first"/> to <paramref name="last"/> (inclusive), oldest first.</summary>
    public Task<IReadOnlyList<RegimeObservation>> RegimesAsync(DateTime first, DateTime last, int leadHours, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per input, the statistics of its share of the relevance of <paramref name="model"/>'s explanations of region slot
    /// <paramref name="region"/> at lead <paramref name="leadHours"/>, valid from <paramref name="first"/> to
    /// <paramref name="last"/> (inclusive); inputs in name order.
    /// </summary>
    public Task<IReadOnlyList<ShareStatistics>> RelevanceSharesAsync(string model, string region, int leadHours, DateTime first, DateTime last,
        CancellationToken cancellationToken = default);
}

/// <summary>The regime at one valid time and lead.</summary>
/// <param name="ValidTime">Valid time (UTC).</param>
/// <param name="Cycle">The cycle, <c>yyyyMMddHH</c>.</param>
/// <param name="Label">Regime id, or <c>none</c>.</param>
/// <param name="Name">Regime name, or "no regime".</param>
public sealed record RegimeObservation(DateTime ValidTime, string Cycle, string Label, string Name);

/// <summary>One input's share of the relevance over many explanations.</summary>
/// <param name="Input">The input.</param>
/// <param name="Count">Explanations counted.</param>
/// <param name="Mean">Mean share, 0…1.</param>
/// <param name="StandardDeviation">Sample standard deviation (n − 1, as InfluxQL's <c>stddev</c>); NaN for one explanation.</param>
/// <param name="Minimum">Smallest share.</param>
/// <param name="Maximum">Largest share.</param>
public sealed record ShareStatistics(string Input, long Count, double Mean, double StandardDeviation, double Minimum, double Maximum);
