using System.Globalization;

namespace Monitor.Service.Adapters.Influx;

/// <summary>
/// A request to InfluxDB failed. <see cref="IsTransient"/> says whether trying again later can succeed (no connection,
/// timeout, 5xx, 429); <see cref="RejectsBatch"/> says the server refused these lines themselves (400 bad line
/// protocol, 413, 422), as opposed to refusing every write (401/403 credentials, 404 database not found).
/// </summary>
public sealed class InfluxRequestException : Exception
{
    /// <summary>Creates an exception for an HTTP status (0 = no response) with the server's reply.</summary>
    public InfluxRequestException(string message, int statusCode, string serverReply, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ServerReply = serverReply;
    }

    /// <summary>Creates an exception without a response (treated as transient).</summary>
    public InfluxRequestException(string message) : this(message, 0, "", null)
    {
    }

    /// <summary>Creates an exception without a response (treated as transient).</summary>
    public InfluxRequestException(string message, Exception innerException) : this(message, 0, "", innerException)
    {
    }

    /// <summary>Creates an exception without a message or response.</summary>
    public InfluxRequestException() : this("InfluxDB request failed")
    {
    }

    /// <summary>The HTTP status, or 0 when no response arrived (connection refused, timeout).</summary>
    public int StatusCode { get; }

    /// <summary>The body of the server's reply (InfluxDB 1.x: <c>{"error":"…"}</c>), or empty.</summary>
    public string ServerReply { get; }

    /// <summary>Whether the same request may succeed later: no response, 408, 429 or 5xx.</summary>
    public bool IsTransient => IsTransientStatus(StatusCode);

    /// <summary>Whether the server refused these lines (400, 413, 422): re-sending them will fail the same way.</summary>
    public bool RejectsBatch => StatusCode is 400 or 413 or 422;

    /// <summary>Whether an HTTP status (0 = no response) is worth retrying.</summary>
    public static bool IsTransientStatus(int statusCode) => statusCode is 0 or 408 or 429 or >= 500;

    /// <summary>An exception for a failed HTTP reply, its message naming what was done, where, the status and the reply.</summary>
    public static InfluxRequestException ForStatus(string what, int statusCode, string serverReply)
    {
        string kind = IsTransientStatus(statusCode) ? "will retry" : statusCode is 400 or 413 or 422 ? "lines rejected" : "check the configuration";
        string reply = serverReply.Trim();
        return new InfluxRequestException(
            string.Create(CultureInfo.InvariantCulture, $"{what} failed with HTTP {statusCode} ({kind}): {(reply.Length == 0 ? "(empty reply)" : reply)}"),
            statusCode, reply);
    }
}
