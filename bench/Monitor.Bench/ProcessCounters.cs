using System.Globalization;

namespace Monitor.Bench;

/// <summary>Linux per-process counters from <c>/proc/self</c>: page faults and memory high-water mark.</summary>
internal static class ProcessCounters
{
    /// <summary>Minor page faults so far (field 10 of <c>/proc/self/stat</c>).</summary>
    public static long MinorFaults()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        // Fields after "(comm)": state is field 3, so minflt (field 10) is the 8th of the rest.
        string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(rest[7], CultureInfo.InvariantCulture);
    }

    /// <summary>A <c>/proc/self/status</c> memory line (e.g. VmHWM, VmRSS) in MB.</summary>
    public static double StatusMb(string key)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                string kb = line[(key.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no {key}.");
    }
}
