namespace Monitor.Core.Cycles;

/// <summary>Whether a discovered cycle can be processed.</summary>
public enum CycleReadiness
{
    /// <summary>All expected files are present (marker or expected set, settled).</summary>
    Complete,

    /// <summary>Files are missing.</summary>
    Incomplete,

    /// <summary>All files present but some changed within the settle time.</summary>
    Settling,
}
