using System.Globalization;

namespace Monitor.Service.Options;

/// <summary>
/// Where and how the InfluxDB sink delivers points (configuration section <c>Influx</c>). Secrets come from their value
/// or from a file (<see cref="PasswordFile"/>, <see cref="TokenFile"/>) and are never shown by <see cref="ToString"/>.
/// </summary>
public sealed class InfluxOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Influx";

    /// <summary>Base URL of the server, e.g. <c>http://127.0.0.1:8086</c>; null or empty (the default) switches the sink off.</summary>
    public string? Url { get; set; }

    /// <summary>The API to speak; default <see cref="InfluxApi.Auto"/> (detected from <c>/ping</c>).</summary>
    public InfluxApi Api { get; set; } = InfluxApi.Auto;

    /// <summary>v1: the database written to and queried; default <c>v2vmonitor</c>.</summary>
    public string Database { get; set; } = "v2vmonitor";

    /// <summary>v1: the retention policy written to; default empty = the database's default policy.</summary>
    public string RetentionPolicy { get; set; } = "";

    /// <summary>v1: user name (basic authentication); default none. v2 uses <c>User:Password</c> as the token when no token is set (InfluxDB 1.8+).</summary>
    public string? User { get; set; }

    /// <summary>v1: password; prefer <see cref="PasswordFile"/>. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>v1: a file whose content (trailing line break removed) is the password.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>v2: the organisation; default none, sent as <c>-</c> (InfluxDB 1.8's compatibility endpoint ignores it; 2.x needs it).</summary>
    public string? Org { get; set; }

    /// <summary>v2: the bucket; default <c>&lt;Database&gt;/&lt;RetentionPolicy or autogen&gt;</c>, the DBRP name 1.8 and 2.x map to v1.</summary>
    public string? Bucket { get; set; }

    /// <summary>v2: the API token; prefer <see cref="TokenFile"/>. Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>v2: a file whose content (trailing line break removed) is the token.</summary>
    public string? TokenFile { get; set; }

    /// <summary>Timeout of one HTTP request to the server, in seconds; default 10 (1–600).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Most undelivered points the local spool holds, in megabytes (MiB) of line protocol; default 512 (1–1 048 576).</summary>
    public int SpoolQuotaMegabytes { get; set; } = 512;

    /// <summary>Lines of line protocol per HTTP write request; default 5000 (1–1 000 000).</summary>
    public int BatchLines { get; set; } = 5000;

    /// <summary>Seconds between attempts to deliver the spool (the spool flush job); default 15 (1–3600).</summary>
    public int FlushIntervalSeconds { get; set; } = 15;

    /// <summary>
    /// Seconds between two <c>service</c> points (the service's own state for the Service health dashboard); default 300,
    /// 0 = none (else 10–86 400).
    /// </summary>
    public int ServiceStatusSeconds { get; set; } = 300;

    /// <summary>Whether the sink is on (a <see cref="Url"/> is set).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The v2 bucket in effect: <see cref="Bucket"/> or <c>Database/RetentionPolicy</c> (<c>autogen</c> when none).</summary>
    public string EffectiveBucket => string.IsNullOrEmpty(Bucket)
        ? $"{Database}/{(string.IsNullOrEmpty(RetentionPolicy) ? "autogen" : RetentionPolicy)}"
        : Bucket;

    /// <summary>The v2 organisation in effect: <see cref="Org"/> or <c>-</c>.</summary>
    public string EffectiveOrg => string.IsNullOrEmpty(Org) ? "-" : Org;

    /// <summary>The spool quota in bytes.</summary>
    public long SpoolQuotaBytes => SpoolQuotaMegabytes * 1024L * 1024L;

    /// <summary>The password from <see cref="Password"/> or <see cref="PasswordFile"/>, or null.</summary>
    /// <exception cref="IOException">The password file cannot be read.</exception>
    public string? ResolvePassword() => Secret(Password, PasswordFile);

    /// <summary>The v2 token: <see cref="Token"/>, <see cref="TokenFile"/>, or <c>User:Password</c> when a user is set, or null.</summary>
    /// <exception cref="IOException">The token or password file cannot be read.</exception>
    public string? ResolveToken()
    {
        string? token = Secret(Token, TokenFile);
        if (token is not null)
        {
            return token;
        }

        return string.IsNullOrEmpty(User) ? null : $"{User}:{ResolvePassword()}";
    }

    /// <summary>The settings with every secret replaced by <c>***</c> (or <c>none</c>), safe for logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Url={Url ?? "(off)"} Api={Api} Database={Database} RetentionPolicy={RetentionPolicy} User={User ?? "none"} " +
        $"Password={Shown(Password, PasswordFile)} Org={EffectiveOrg} Bucket={EffectiveBucket} Token={Shown(Token, TokenFile)} " +
        $"TimeoutSeconds={TimeoutSeconds} SpoolQuotaMegabytes={SpoolQuotaMegabytes} BatchLines={BatchLines}");

    private static string Shown(string? value, string? file) =>
        !string.IsNullOrEmpty(value) ? "***" : !string.IsNullOrEmpty(file) ? $"(from file {file})" : "none";

    private static string? Secret(string? value, string? file)
    {
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        return string.IsNullOrEmpty(file) ? null : File.ReadAllText(file).TrimEnd('\r', '\n');
    }
}
