using System.Net.Http.Headers;
using System.Text;

namespace Monitor.Service.Adapters.Influx;

/// <summary>
/// Sends one request to InfluxDB's HTTP API with a per-request timeout and turns every failure into an
/// <see cref="InfluxRequestException"/>; shared by the v1 writer, the query client and API detection.
/// </summary>
internal static class InfluxHttp
{
    /// <summary>Joins the server's base URL (which may carry a path prefix) and a path with its query string.</summary>
    public static Uri Combine(string baseUrl, string pathAndQuery) => new($"{baseUrl.TrimEnd('/')}/{pathAndQuery.TrimStart('/')}");

    /// <summary>A basic-authentication header for <paramref name="user"/>, or null when there is no user.</summary>
    public static AuthenticationHeaderValue? Basic(string? user, string? password) => string.IsNullOrEmpty(user)
        ? null
        : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>
    /// Sends <paramref name="request"/> and returns the response body of a 2xx reply; any other outcome throws
    /// <see cref="InfluxRequestException"/> (the caller's cancellation is rethrown as such).
    /// </summary>
    public static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan timeout,
        string what, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeoutSource.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxRequestException($"{what} got no reply within {timeout.TotalSeconds:0.#} s (Influx:TimeoutSeconds)", e);
        }
        catch (HttpRequestException e)
        {
            throw new InfluxRequestException($"{what} could not reach the server: {e.Message}", e);
        }

        if (!response.IsSuccessStatusCode)
        {
            int status = (int)response.StatusCode;
            response.Dispose();
            throw InfluxRequestException.ForStatus(what, status, body);
        }

        return (response, body);
    }
}
