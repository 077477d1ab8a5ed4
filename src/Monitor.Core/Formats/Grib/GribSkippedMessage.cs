namespace Monitor.Core.Formats.Grib;

/// <summary>A field that <see cref="GribFile.ReadAllFields"/> left out, and why.</summary>
/// <param name="Message">The field's metadata (shortName, level, gridType, …).</param>
/// <param name="Reason">Why it was not read, e.g. <c>unsupported grid: gridType 'reduced_gg'</c>.</param>
public sealed record GribSkippedMessage(GribMessageInfo Message, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Message.Describe()}: {Reason}";
}
