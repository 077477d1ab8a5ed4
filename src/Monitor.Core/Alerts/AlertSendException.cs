namespace Monitor.Core.Alerts;

/// <summary>A delivery attempt that failed, with what that means for the alert and the server's reply where there was one.</summary>
public sealed class AlertSendException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Whether to retry, give up, or not resend.</param>
    /// <param name="message">What happened, with the server's reply text (never a secret).</param>
    /// <param name="statusCode">The SMTP reply code (e.g. 550), if the server answered.</param>
    /// <param name="innerException">The cause.</param>
    public AlertSendException(AlertSendFailure failure, string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        StatusCode = statusCode;
    }

    /// <summary>Creates a transient failure with a message.</summary>
    public AlertSendException()
    {
    }

    /// <summary>Creates a transient failure with a message.</summary>
    public AlertSendException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a transient failure with a message and its cause.</summary>
    public AlertSendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether to retry, give up, or not resend.</summary>
    public AlertSendFailure Failure { get; }

    /// <summary>The SMTP reply code, if the server answered.</summary>
    public int? StatusCode { get; }

    /// <summary>Whether the alert may be tried again.</summary>
    public bool IsTransient => Failure == AlertSendFailure.Transient;
}
