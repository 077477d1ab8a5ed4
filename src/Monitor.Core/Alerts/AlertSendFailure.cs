namespace Monitor.Core.Alerts;

/// <summary>What a failed delivery attempt means for the alert.</summary>
public enum AlertSendFailure
{
    /// <summary>Not delivered, and worth trying again: the server was unreachable, timed out before the message, or answered 4xx.</summary>
    Transient = 0,

    /// <summary>Not delivered, and never will be as it stands: the server answered 5xx (a recipient refused, the message rejected).</summary>
    Permanent = 1,

    /// <summary>The connection broke or timed out after the message may have reached the server: sending again could duplicate it.</summary>
    Uncertain = 2,
}
