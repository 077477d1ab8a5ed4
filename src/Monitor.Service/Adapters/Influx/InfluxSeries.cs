namespace Monitor.Service.Adapters.Influx;

/// <summary>One series of an InfluxQL result.</summary>
/// <param name="Name">The measurement.</param>
/// <param name="Tags">The group-by tags (empty without <c>GROUP BY</c>).</param>
/// <param name="Columns">Column names; <c>time</c> first for point queries (seconds since the epoch, as <see cref="long"/>).</param>
/// <param name="Values">Rows; each cell is null, <see cref="string"/>, <see cref="bool"/>, <see cref="long"/> (integral JSON numbers) or <see cref="double"/>.</param>
internal sealed record InfluxSeries(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Values);
