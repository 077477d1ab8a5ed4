using MailKit.Net.Smtp;

namespace Monitor.Service.Adapters.Mail;

/// <summary>Closing a connection that may already be broken.</summary>
internal static class SmtpClientExtensions
{
    /// <summary>Sends QUIT and closes, within 5 s, ignoring failures: the outcome of every alert is already recorded.</summary>
    public static async Task DisconnectQuietlyAsync(this SmtpClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.Net.Smtp.SmtpCommandException
            or System.Net.Sockets.SocketException or TimeoutException)
        {
            // The connection is gone either way.
        }
    }
}
