namespace Monitor.Core.Alerts.Rules;

/// <summary>A notified opening of an event, remembered for the throttle window.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Time">When it was notified.</param>
public sealed record AlertOpening(string Rule, string Subject, DateTimeOffset Time);
