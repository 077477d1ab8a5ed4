using System.Runtime.InteropServices;
using System.Text;
using Monitor.Core.Runtime;

namespace Monitor.Service.Runtime;

/// <summary>
/// Replaces this process with a fresh copy of itself (same executable, arguments, environment and process id) under
/// <c>ONEDNN_MAX_CPU_ISA=AVX</c>, when oneDNN's kernels failed verification at the full instruction set. oneDNN reads
/// its cap once, when it first runs, so only a new process image can use the cap; <c>execve</c> keeps the process id,
/// so systemd, shells and test harnesses see one process.
/// </summary>
internal static partial class CappedIsaRestart
{
    /// <summary>The cap asked for: AVX selects oneDNN's GEMM-based convolutions, verified right where its JIT kernels were wrong.</summary>
    internal const string Isa = "AVX";

    /// <summary>Execs <c>/proc/self/exe</c> with the original argument vector; returns false only when that fails.</summary>
    public static bool Exec(string reason)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/cmdline"))
        {
            return false;
        }

        string[] arguments = File.ReadAllText("/proc/self/cmdline", Encoding.UTF8).TrimEnd('\0').Split('\0');
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => e.Key is string key && key is not TorchRuntime.IsaVariable and not TorchRuntime.FallbackVariable)
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"{TorchRuntime.IsaVariable}={Isa}")
            .Append($"{TorchRuntime.FallbackVariable}={reason.Replace('\n', ' ')}")
            .ToArray();
        Console.Error.WriteLine($"v2vmonitor: convolution kernels failed verification ({reason}); restarting with {TorchRuntime.IsaVariable}={Isa}.");
        Console.Error.Flush();
        Console.Out.Flush();
        Replace("/proc/self/exe", arguments, environment);
        return false;
    }

    private static unsafe void Replace(string path, string[] arguments, string[] environment)
    {
        nint[] argv = Allocate(arguments), envp = Allocate(environment);
        nint file = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            fixed (nint* a = argv, e = envp)
            {
                _ = ExecVe(file, a, e);
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(file);
            foreach (nint p in argv.Concat(envp))
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    /// <summary>A NULL-terminated array of UTF-8 strings.</summary>
    private static nint[] Allocate(string[] values) => [.. values.Select(Marshal.StringToCoTaskMemUTF8), 0];

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static unsafe partial int ExecVe(nint path, nint* argv, nint* envp);
}
