using MailKit.Net.Smtp;
using MimeKit;

namespace Monitor.Service.Adapters.Mail;

/// <summary>
/// MailKit's SMTP client counting the recipients the server accepted for the message being sent: before they are all
/// accepted the message data has not been offered, so a broken connection is safely retried; after, it may not be.
/// </summary>
internal sealed class TrackingSmtpClient : SmtpClient
{
    /// <summary>Recipients accepted since <see cref="Reset"/>.</summary>
    public int AcceptedRecipients { get; private set; }

    /// <summary>Starts counting for the next message.</summary>
    public void Reset() => AcceptedRecipients = 0;

    /// <inheritdoc />
    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        AcceptedRecipients++;
        base.OnRecipientAccepted(message, mailbox, response);
    }
}
