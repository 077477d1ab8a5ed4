namespace Monitor.Core.Alerts;

/// <summary>Delivers alerts to people (the e-mail adapter): one session per batch of alerts.</summary>
public interface IAlertSender
{
    /// <summary>Where alerts go, without secrets (<c>smtp://mail.example.org:587 starttls as v2v</c>).</summary>
    public string Describe();

    /// <summary>
    /// Connects and authenticates. Throws <see cref="AlertSendException"/>: <see cref="AlertSendFailure.Transient"/>
    /// for every failure here, since no alert has been offered yet.
    /// </summary>
    public Task<IAlertSession> OpenAsync(CancellationToken cancellationToken = default);
}
