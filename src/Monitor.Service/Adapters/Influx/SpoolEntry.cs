namespace Monitor.Service.Adapters.Influx;

/// <summary>One pending batch file of the spool.</summary>
/// <param name="Sequence">Its place in delivery order (the file name).</param>
/// <param name="BatchKey">The key it was enqueued under.</param>
/// <param name="Path">The file.</param>
/// <param name="Bytes">Its size in bytes.</param>
/// <param name="Lines">Lines of line protocol in it.</param>
/// <param name="EnqueuedAt">When it was enqueued.</param>
internal sealed record SpoolEntry(long Sequence, string BatchKey, string Path, long Bytes, int Lines, DateTimeOffset EnqueuedAt);
