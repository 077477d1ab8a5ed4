using Microsoft.Extensions.Logging;

namespace Monitor.Service.Adapters.Mail;

/// <summary>Log messages of the e-mail adapter; event ids 3300–3399 stay stable. None carries a password.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Debug, Message = "SMTP session open: {Session}")]
    public static partial void Connected(ILogger logger, string session);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "SMTP session closed: {Session}")]
    public static partial void Disconnected(ILogger logger, string session);
}
