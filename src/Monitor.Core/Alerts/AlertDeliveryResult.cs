namespace Monitor.Core.Alerts;

/// <summary>What one drain of the outbox did.</summary>
/// <param name="Sent">Alerts the server accepted.</param>
/// <param name="Retrying">Alerts that failed transiently (or were deferred because the server was unreachable) and wait for another attempt.</param>
/// <param name="Failed">Alerts refused for good or given up.</param>
/// <param name="Unconfirmed">Alerts whose outcome is unknown (a lapsed lease, a connection lost mid-send); not resent.</param>
/// <param name="Status">The outbox after the drain.</param>
public sealed record AlertDeliveryResult(int Sent, int Retrying, int Failed, int Unconfirmed, OutboxStatus Status);
