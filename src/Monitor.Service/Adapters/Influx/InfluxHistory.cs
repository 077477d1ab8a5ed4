using System.Globalization;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Service.Options;

namespace Monitor.Service.Adapters.Influx;

/// <summary>
/// History through InfluxQL on <c>/query</c> (1.x natively; 2.x and 3.x through their v1 compatibility API), over the
/// points the service wrote (docs/influx-schema.md). The API (and so the authentication) is the sink's, detected once.
/// </summary>
internal sealed class InfluxHistory(HttpClient http, InfluxOptions options, InfluxDestination destination) : IMonitorHistory
{
    /// <inheritdoc />
    public string Describe() => destination.Describe();

    /// <inheritdoc />
    public async Task<IReadOnlyList<RegimeObservation>> RegimesAsync(DateTime first, DateTime last, int leadHours, CancellationToken cancellationToken = default)
    {
        string query = $"SELECT \"label\", \"name\", \"{PointSchema.CycleField}\" FROM \"{PointSchema.Regime}\" " +
                       $"WHERE \"{PointSchema.Tags.LeadHours}\" = '{leadHours.ToString(CultureInfo.InvariantCulture)}' AND {Period(first, last)}";
        IReadOnlyList<InfluxSeries> series = await (await ClientAsync(cancellationToken).ConfigureAwait(false)).QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return [.. series.SelectMany(s =>
        {
            List<string> columns = [.. s.Columns];
            return s.Values.Select(row => new RegimeObservation(
                DateTime.UnixEpoch.AddSeconds(Convert.ToInt64(row[0], CultureInfo.InvariantCulture)),
                (string)row[columns.IndexOf(PointSchema.CycleField)]!,
                (string)row[columns.IndexOf("label")]!,
                (string)row[columns.IndexOf("name")]!));
        })];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ShareStatistics>> RelevanceSharesAsync(string model, string region, int leadHours, DateTime first, DateTime last,
        CancellationToken cancellationToken = default)
    {
        string query = "SELECT count(\"share\"), mean(\"share\"), stddev(\"share\"), min(\"share\"), max(\"share\") " +
                       $"FROM \"{PointSchema.Relevance}\" WHERE \"{PointSchema.Tags.Model}\" = {Literal(model)} AND \"{PointSchema.Tags.Region}\" = {Literal(region)} " +
                       $"AND \"{PointSchema.Tags.LeadHours}\" = '{leadHours.ToString(CultureInfo.InvariantCulture)}' AND {Period(first, last)} " +
                       $"GROUP BY \"{PointSchema.Tags.Input}\"";
        IReadOnlyList<InfluxSeries> series = await (await ClientAsync(cancellationToken).ConfigureAwait(false)).QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return [.. series.Select(s => new ShareStatistics(
                s.Tags[PointSchema.Tags.Input],
                Convert.ToInt64(s.Values[0][1], CultureInfo.InvariantCulture),
                Number(s.Values[0][2]),
                Number(s.Values[0][3]),
                Number(s.Values[0][4]),
                Number(s.Values[0][5])))
            .OrderBy(s => s.Input, StringComparer.Ordinal)];
    }

    private async Task<InfluxQueryClient> ClientAsync(CancellationToken cancellationToken)
    {
        await destination.GetWriterAsync(cancellationToken).ConfigureAwait(false);   // detects the API once, as the sink does
        return new InfluxQueryClient(http, options, destination.Api);
    }

    private static string Period(DateTime first, DateTime last) =>
        string.Create(CultureInfo.InvariantCulture, $"time >= '{first:yyyy-MM-ddTHH:mm:ssZ}' AND time <= '{last:yyyy-MM-ddTHH:mm:ssZ}'");

    private static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static double Number(object? value) => value is null ? double.NaN : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
