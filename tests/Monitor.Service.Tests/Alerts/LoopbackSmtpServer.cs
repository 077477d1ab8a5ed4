using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Monitor.Service.Tests.Influx;
using SmtpServerHost = SmtpServer.SmtpServer;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace Monitor.Service.Tests.Alerts;

/// <summary>
/// A real SMTP server (the SmtpServer package, in-process) on a loopback port, started and stopped at will on the same
/// port; it keeps every message it accepted as MimeKit parses it, and can be told to refuse recipients or to answer
/// the message data late.
/// </summary>
internal sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly ConcurrentQueue<string> _recipientsOffered = new();
    private CancellationTokenSource? _stop;
    private SmtpServerHost? _server;

    public LoopbackSmtpServer(int? port = null)
    {
        Port = port ?? FreePort.Next();
    }

    public int Port { get; }

    /// <summary>The user and password the server requires; null accepts mail without authentication.</summary>
    public (string User, string Password)? Credentials { get; init; }

    /// <summary>A certificate offered with STARTTLS (or from the first byte with <see cref="ImplicitTls"/>); null offers no TLS.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; init; }

    /// <summary>TLS from the first byte (SMTPS, the client's SslOnConnect) instead of STARTTLS; needs <see cref="Certificate"/>.</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>A reply to every RCPT TO, e.g. 550 or 451; null accepts.</summary>
    public SmtpResponse? RecipientReply { get; set; }

    /// <summary>How long the server waits before answering the end of the message data (after storing it).</summary>
    public TimeSpan DataReplyDelay { get; set; }

    /// <summary>Messages accepted, in order.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    /// <summary>Every RCPT TO the server was offered (accepted or not).</summary>
    public IReadOnlyList<string> RecipientsOffered => [.. _recipientsOffered];

    /// <summary>Successful authentications.</summary>
    public int Authentications { get; private set; }

    public bool Running => _server is not null;

    public static async Task<LoopbackSmtpServer> StartAsync(int? port = null, (string, string)? credentials = null)
    {
        var server = new LoopbackSmtpServer(port) { Credentials = credentials };
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        ISmtpServerOptions options = new SmtpServerOptionsBuilder()
            .ServerName("loopback-test")
            .Endpoint(e =>
            {
                e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                    .AuthenticationRequired(Credentials is not null)
                    .AllowUnsecureAuthentication(true);
                if (Certificate is not null)
                {
                    e.Certificate(Certificate).IsSecure(ImplicitTls);
                }
            })
            .Build();
        var services = new SmtpServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        services.Add(new Authenticator(this));
        _stop = new CancellationTokenSource();
        _server = new SmtpServerHost(options, services);
        _ = _server.StartAsync(_stop.Token);
        await Eventually(IsListening, TimeSpan.FromSeconds(10));
    }

    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        await _stop!.CancelAsync();
        _server.Shutdown();
        await _server.ShutdownTask.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        _server = null;
        _stop = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private bool IsListening()
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static async Task Eventually(Func<bool> condition, TimeSpan timeout)
    {
        DateTime end = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException("The loopback SMTP server did not start listening.");
            }

            await Task.Delay(50);
        }
    }

    private sealed class Store(LoopbackSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            owner._messages.Enqueue(await MimeMessage.LoadAsync(stream, CancellationToken.None));
            if (owner.DataReplyDelay > TimeSpan.Zero)
            {
                await Task.Delay(owner.DataReplyDelay, CancellationToken.None);
            }

            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(LoopbackSmtpServer owner) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            owner._recipientsOffered.Enqueue($"{to.User}@{to.Host}");
            if (owner.RecipientReply is SmtpResponse reply)
            {
                throw new SmtpResponseException(reply);
            }

            return Task.FromResult(true);
        }
    }

    private sealed class Authenticator(LoopbackSmtpServer owner) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            bool ok = owner.Credentials is (string u, string p) && u == user && p == password;
            if (ok)
            {
                owner.Authentications++;
            }

            return Task.FromResult(ok);
        }
    }
}
