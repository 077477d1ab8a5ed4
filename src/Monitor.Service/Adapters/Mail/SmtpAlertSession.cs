using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;
using Monitor.Core.Alerts;

namespace Monitor.Service.Adapters.Mail;

/// <summary>
/// One connection to the SMTP server. Each alert's outcome is classified for the outbox: a 4xx reply is transient, a
/// 5xx reply permanent; a broken connection or timeout is transient until every recipient was accepted and uncertain
/// after (the message data may have reached the server).
/// </summary>
internal sealed class SmtpAlertSession(TrackingSmtpClient client, MailboxAddress from, string description, ILogger logger) : IAlertSession
{
    /// <inheritdoc />
    public string Description { get; } = description;

    /// <inheritdoc />
    public bool IsOpen => client.IsConnected;

    /// <inheritdoc />
    public async Task<AlertReceipt> SendAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        MimeMessage message;
        try
        {
            message = AlertMessageBuilder.Build(alert, from);
        }
        catch (Exception e) when (e is ArgumentException or ParseException or FormatException)
        {
            throw new AlertSendException(AlertSendFailure.Permanent, $"cannot build the e-mail: {e.Message}", null, e);
        }

        client.Reset();
        try
        {
            string reply = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return new AlertReceipt(message.MessageId ?? "", reply.Trim());
        }
        catch (SmtpCommandException e)
        {
            int code = (int)e.StatusCode;
            AlertSendFailure failure = code >= 500 ? AlertSendFailure.Permanent : code >= 400 ? AlertSendFailure.Transient : Broken(alert);
            throw new AlertSendException(failure, $"{Stage(e)}: {code} {e.Message.Trim()}", code, e);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException)
        {
            AlertSendFailure failure = Broken(alert);
            string when = failure == AlertSendFailure.Uncertain ? "after the server accepted the recipients" : "before the message was offered";
            throw new AlertSendException(failure, $"connection lost {when}: {e.Message}", null, e);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await client.DisconnectQuietlyAsync().ConfigureAwait(false);
        client.Dispose();
        Log.Disconnected(logger, Description);
    }

    private static string Stage(SmtpCommandException e) => e.ErrorCode switch
    {
        SmtpErrorCode.SenderNotAccepted => $"sender <{e.Mailbox?.Address}> refused",
        SmtpErrorCode.RecipientNotAccepted => $"recipient <{e.Mailbox?.Address}> refused",
        SmtpErrorCode.MessageNotAccepted => "message refused",
        _ => "unexpected reply",
    };

    private AlertSendFailure Broken(Alert alert) =>
        client.AcceptedRecipients >= alert.Recipients.Count ? AlertSendFailure.Uncertain : AlertSendFailure.Transient;
}
