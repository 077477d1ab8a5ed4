namespace Monitor.Bench;

/// <summary>The process's resident memory at one moment (MB): now (<c>VmRSS</c>) and its high-water mark (<c>VmHWM</c>).</summary>
/// <param name="When">What the process had done at that moment.</param>
/// <param name="RssMb">Resident set size.</param>
/// <param name="PeakRssMb">Peak resident set size so far.</param>
internal sealed record MemorySample(string When, double RssMb, double PeakRssMb)
{
    /// <summary>Reads <c>/proc/self/status</c> now.</summary>
    public static MemorySample Take(string when) => new(when, ProcessCounters.StatusMb("VmRSS"), ProcessCounters.StatusMb("VmHWM"));
}
