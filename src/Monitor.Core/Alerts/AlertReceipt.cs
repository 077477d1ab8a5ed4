namespace Monitor.Core.Alerts;

/// <summary>What the server said when it accepted an alert.</summary>
/// <param name="MessageId">The message's Message-ID (derived from the alert's key and revision), without angle brackets.</param>
/// <param name="Reply">The server's reply to the message data (<c>250 2.0.0 Ok: queued as 4F2A1</c>).</param>
public sealed record AlertReceipt(string MessageId, string Reply);
