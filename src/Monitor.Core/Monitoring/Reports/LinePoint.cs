namespace Monitor.Core.Monitoring.Reports;

/// <summary>One InfluxDB point: a measurement, its tags (bounded sets only), fields and a time (second precision).</summary>
/// <param name="Measurement">The measurement (a <see cref="PointSchema"/> name).</param>
/// <param name="Tags">Tag key → value, written in key order.</param>
/// <param name="Fields">Field key → value: <see cref="double"/>, <see cref="long"/>, <see cref="bool"/> or <see cref="string"/>.</param>
/// <param name="Time">The point's time (UTC): the valid time for forecast quantities.</param>
public sealed record LinePoint(string Measurement, IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, object> Fields, DateTime Time);
