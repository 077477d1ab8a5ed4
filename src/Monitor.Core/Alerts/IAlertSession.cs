namespace Monitor.Core.Alerts;

/// <summary>An open connection to the delivery server.</summary>
public interface IAlertSession : IAsyncDisposable
{
    /// <summary>What was negotiated (<c>smtp://mail.example.org:587, TLS 1.3, authenticated as v2v</c>), without secrets.</summary>
    public string Description { get; }

    /// <summary>Whether the connection is still usable; false after a failure that closed it.</summary>
    public bool IsOpen { get; }

    /// <summary>
    /// Sends one alert and returns its Message-ID and the server's reply. Throws <see cref="AlertSendException"/> saying whether
    /// the alert was refused for now (transient), for good (permanent), or may have been delivered (uncertain).
    /// </summary>
    public Task<AlertReceipt> SendAsync(Alert alert, CancellationToken cancellationToken = default);
}
