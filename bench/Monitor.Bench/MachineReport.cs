using System.Runtime.InteropServices;
using Monitor.Core.Formats.NetCdf;

namespace Monitor.Bench;

/// <summary>Prints what the numbers were measured on.</summary>
internal static class MachineReport
{
    /// <summary>Prints CPU, cores, memory, kernel, runtime and native library versions.</summary>
    public static void Print()
    {
        Console.WriteLine($"Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
        Console.WriteLine($"CPU: {ProcLine("/proc/cpuinfo", "model name")}; cores visible: {Environment.ProcessorCount}");
        Console.WriteLine($"Memory: {ProcLine("/proc/meminfo", "MemTotal")}");
        Console.WriteLine($"Kernel: {ReadOrUnknown("/proc/sys/kernel/osrelease")}; OS: {RuntimeInformation.OSDescription}");
        Console.WriteLine($".NET runtime: {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"netCDF-C (ours): {NetCdfFile.LibraryVersion}");
        Console.WriteLine();
    }

    private static string ProcLine(string path, string key)
    {
        if (!File.Exists(path))
        {
            return "unknown";
        }

        string? line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string ReadOrUnknown(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "unknown";
}
