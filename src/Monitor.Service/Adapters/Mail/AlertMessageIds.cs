using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Monitor.Service.Adapters.Mail;

/// <summary>
/// Message-IDs derived from an alert's key and revision: the same alert always carries the same Message-ID, so a
/// receiver (or a mailing list, or a ticket system) that sees it twice can drop the copy, and later revisions point
/// at the first (<c>In-Reply-To</c>, <c>References</c>) so mail clients thread an escalation and its all-clear.
/// </summary>
internal static class AlertMessageIds
{
    /// <summary>
    /// <c>v2v.{first 32 hex digits of SHA-256(key)}.r{revision}@{domain}</c>, without angle brackets. Hashed because a
    /// key may hold characters a Message-ID may not.
    /// </summary>
    public static string For(string key, int revision, string domain)
    {
        ArgumentNullException.ThrowIfNull(key);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        return string.Create(CultureInfo.InvariantCulture, $"v2v.{hash}.r{revision}@{domain}");
    }
}
