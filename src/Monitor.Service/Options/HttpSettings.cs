namespace Monitor.Service.Options;

/// <summary>Section <c>Http</c>: the status endpoints (/healthz, /metrics, /cycles, /reports).</summary>
public sealed class HttpSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Http";

    /// <summary>Listen URL (default <c>http://127.0.0.1:8089</c>: loopback only); port 0 picks a free port.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8089";

    /// <summary>A cycle older than this many hours makes /healthz report "stale" (default 12).</summary>
    public double StaleAfterHours { get; set; } = 12;
}
