namespace Monitor.Service.Options;

/// <summary>How the connection to the SMTP server is secured (<c>Monitor:Alerts:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text (a relay on loopback or a trusted network only).</summary>
    None = 0,

    /// <summary>Plain connection upgraded with STARTTLS, which the server must offer (usually port 587). The default.</summary>
    StartTls = 1,

    /// <summary>TLS from the first byte (implicit TLS, usually port 465).</summary>
    SslOnConnect = 2,

    /// <summary>TLS on connect on port 465, otherwise STARTTLS when the server offers it and plain text when it does not.</summary>
    Auto = 3,
}
