namespace Monitor.Core.Alerts;

/// <summary>How urgent an alert is; the e-mail subject starts with it (<c>[V2V SEVERE]</c>).</summary>
public enum AlertSeverity
{
    /// <summary>For the record (an all-clear, a regime change worth knowing).</summary>
    Info = 0,

    /// <summary>Worth a forecaster's look this cycle.</summary>
    Warning = 1,

    /// <summary>Look now.</summary>
    Severe = 2,
}
