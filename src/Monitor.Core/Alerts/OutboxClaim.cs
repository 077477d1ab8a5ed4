namespace Monitor.Core.Alerts;

/// <summary>
/// A sender's hold on one alert (state <see cref="OutboxState.Sending"/>): only the holder of <see cref="Token"/> can
/// record the outcome, and only while the alert is still its claim.
/// </summary>
/// <param name="Entry">The alert as claimed (state sending, attempts counted).</param>
/// <param name="Token">The claim's identity.</param>
/// <param name="LeaseUntil">When the claim lapses; an alert still sending after this is resolved as unconfirmed.</param>
public sealed record OutboxClaim(OutboxEntry Entry, string Token, DateTimeOffset LeaseUntil);
