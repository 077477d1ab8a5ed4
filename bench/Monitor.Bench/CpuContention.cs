using System.Diagnostics;
using System.Globalization;

namespace Monitor.Bench;

/// <summary>
/// How much CPU other processes took while a benchmark ran: machine-wide busy time (<c>/proc/stat</c>) minus this
/// process's and its reaped children's (<c>/proc/self/stat</c> utime, stime, cutime, cstime). The machine has two
/// cores and is shared with builds and tests, so every table says how quiet it was.
/// </summary>
internal sealed class CpuContention
{
    private readonly long _busy;
    private readonly long _steal;
    private readonly long _own;
    private readonly long _start;

    private CpuContention(long busy, long steal, long own, long start)
    {
        (_busy, _steal, _own, _start) = (busy, steal, own, start);
    }

    /// <summary>Starts counting.</summary>
    public static CpuContention Start()
    {
        (long busy, long steal) = MachineTicks();
        return new CpuContention(busy, steal, OwnTicks(), Stopwatch.GetTimestamp());
    }

    /// <summary>A one-line summary of what happened since <see cref="Start"/>.</summary>
    public string Describe()
    {
        (long busy, long steal) = MachineTicks();
        double capacity = Stopwatch.GetElapsedTime(_start).TotalSeconds * Environment.ProcessorCount * 100; // USER_HZ = 100
        double others = Math.Max(0, (busy - _busy) - (OwnTicks() - _own));
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU used by other processes during this benchmark: {100 * others / capacity:0.0} % of {Environment.ProcessorCount} cores; " +
            $"hypervisor steal: {100 * (steal - _steal) / capacity:0.0} %; load average now: {File.ReadAllText("/proc/loadavg").Trim()}.");
    }

    private static (long Busy, long Steal) MachineTicks()
    {
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice
        string[] f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7), Field(8));
    }

    private static long OwnTicks()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime, stime, cutime, cstime are fields 14–17, i.e. the 12th–15th after "(comm)".
        return Enumerable.Range(11, 4).Sum(i => long.Parse(rest[i], CultureInfo.InvariantCulture));
    }
}
