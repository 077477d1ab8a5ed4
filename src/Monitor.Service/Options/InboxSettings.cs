namespace Monitor.Service.Options;

/// <summary>Section <c>Inbox</c>: how cycles are found and when one is complete.</summary>
public sealed class InboxSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Inbox";

    /// <summary>File pattern relative to the inbox: <c>{cycle}</c> (required), <c>{step}</c>, <c>{var}</c>, <c>*</c>. Default <c>{cycle}/*</c>.</summary>
    public string Pattern { get; set; } = "{cycle}/*";

    /// <summary>Completion marker file name (default <c>_COMPLETE</c>); empty to rely on expected files and the settle time.</summary>
    public string? Marker { get; set; } = "_COMPLETE";

    /// <summary>Lead hours of a complete cycle (with <c>{step}</c> in the pattern and no marker).</summary>
    public int[]? ExpectedLeadHours { get; set; }

    /// <summary>Number of files of a complete cycle (no marker, no <c>{step}</c>).</summary>
    public int? ExpectedFileCount { get; set; }

    /// <summary>Seconds files must be unchanged before a cycle without marker is complete (default 120).</summary>
    public int SettleSeconds { get; set; } = 120;

    /// <summary>Seconds between inbox scans (default 30; 1…86400).</summary>
    public int ScanIntervalSeconds { get; set; } = 30;

    /// <summary>Cycles initialised more than this many hours before now are left to <c>backfill</c> (default 240; 0 = no limit).</summary>
    public int MaxAgeHours { get; set; } = 240;
}
