using System.Runtime.InteropServices;

namespace Monitor.Core.Runtime;

/// <summary>
/// Keeps glibc malloc from returning libtorch's large tensor buffers to the kernel after every operation.
/// </summary>
/// <remarks>
/// With glibc's defaults, buffers above the mmap threshold are mmap'ed per allocation and unmapped when freed, so
/// every convolution pays page faults on fresh pages: measured here, a 3×3 conv 64→64 on 4×160×352 took 42 000 page
/// faults and 1.6× the time per forward (docs/benchmarks.md, "conv-allocator"). Disabling mmap'ed chunks (<c>M_MMAP_MAX = 0</c>) and raising the trim threshold lets freed
/// buffers be reused from the heap. This is the in-process equivalent of
/// <c>GLIBC_TUNABLES=glibc.malloc.mmap_threshold=…:glibc.malloc.trim_threshold=…</c>, applied however the process
/// was started (service, CLI, test host, benchmark). The cost: the heap keeps every page it used, and over many units of
/// work its free pages grow (not flat: +12 MB per 10 W1 predictions measured); a long-running process therefore calls
/// <see cref="ReleaseFreeMemory"/> every few units of work (the service every 10 cycles).
/// </remarks>
public static partial class NativeHeapTuning
{
    private const int MTrimThreshold = -1;
    private const int MMmapMax = -4;

    /// <summary>Environment variable that turns the tuning off (<c>off</c>), for before/after measurements.</summary>
    public const string SwitchVariable = "V2V_MALLOC_TUNING";

    private static int s_applied;

    /// <summary>Whether the tuning is in effect in this process.</summary>
    public static bool IsApplied => Volatile.Read(ref s_applied) == 1;

    /// <summary>Applies the tuning once per process; does nothing off glibc or when switched off.</summary>
    /// <returns>True when the tuning is in effect.</returns>
    public static bool Apply()
    {
        if (IsApplied)
        {
            return true;
        }

        if (!OperatingSystem.IsLinux() ||
            string.Equals(Environment.GetEnvironmentVariable(SwitchVariable), "off", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            bool ok = Mallopt(MMmapMax, 0) == 1 && Mallopt(MTrimThreshold, int.MaxValue) == 1;
            if (ok)
            {
                Volatile.Write(ref s_applied, 1);
            }

            return ok;
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): nothing to tune.
            return false;
        }
    }

    /// <summary>
    /// Gives the free pages of the native heap back to the kernel (glibc's <c>malloc_trim(0)</c>, which also releases
    /// free pages inside the heap, not only at its top). With the tuning in effect the heap otherwise keeps every page it
    /// ever used, and over many units of work its free pages grow (measured: +12 MB per 10 W1 predictions, docs/benchmarks.md
    /// "cycle-memory"); a long-running process calls this every few units of work (each call costs re-faulting the pages
    /// in the next one). Does nothing without the tuning.
    /// </summary>
    public static void ReleaseFreeMemory()
    {
        if (IsApplied)
        {
            _ = MallocTrim(0);
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
