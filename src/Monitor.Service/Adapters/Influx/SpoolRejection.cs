namespace Monitor.Service.Adapters.Influx;

/// <summary>A batch the server refused, moved to the spool's <c>rejected/</c> folder.</summary>
/// <param name="BatchKey">The batch's key (e.g. the cycle id).</param>
/// <param name="Path">The rejected file; its reasons are in <c>Path + ".reason"</c>.</param>
/// <param name="Error">The server's refusal (status and reply).</param>
internal sealed record SpoolRejection(string BatchKey, string Path, InfluxRequestException Error);
