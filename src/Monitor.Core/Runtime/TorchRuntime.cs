using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Monitor.Core.Runtime;

/// <summary>
/// Process-wide libtorch set-up: heap tuning, thread count, and NNPACK off. Call <see cref="Initialize"/> before the
/// first tensor operation; it is idempotent and thread-safe.
/// </summary>
/// <remarks>
/// NNPACK cannot initialise on CPUs it does not know (the AMD EPYC here) and libtorch then prints
/// "Could not initialize NNPACK! Reason: Unsupported hardware." to stderr on convolutions, bypassing any logger and
/// <c>TORCH_CPP_LOG_LEVEL</c>. libtorch only asks NNPACK after checking <c>at::Context::userEnabledNNPACK()</c>, so
/// switching that flag off (what Python's <c>torch.backends.nnpack.set_flags(False)</c> does) keeps logs clean; the
/// convolutions then use oneDNN, which is what ran anyway.
/// </remarks>
public static partial class TorchRuntime
{
    private static readonly Lock s_gate = new();
    private static bool s_initialized;

    /// <summary>Whether libtorch's NNPACK switch is off in this process.</summary>
    public static bool NnpackDisabled { get; private set; }

    /// <summary>Initialises libtorch for this process.</summary>
    /// <param name="threads">Intra-op threads; null keeps libtorch's default (one per core).</param>
    public static void Initialize(int? threads = null)
    {
        lock (s_gate)
        {
            if (!s_initialized)
            {
                NativeHeapTuning.Apply();
                torch.InitializeDeviceType(DeviceType.CPU);
                NnpackDisabled = DisableNnpack();
                s_initialized = true;
            }

            if (threads is int count)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(threads));
                torch.set_num_threads(count);
            }
        }
    }

    private static bool DisableNnpack()
    {
        if (!OperatingSystem.IsLinux() || !TryLoadTorchCpu(out nint library))
        {
            return false;
        }

        if (!NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out nint globalContext) ||
            !NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledNNPACKEb", out nint setFlag))
        {
            return false;
        }

        unsafe
        {
            // at::Context& at::globalContext(); void at::Context::setUserEnabledNNPACK(bool) — Itanium ABI: this first.
            nint context = ((delegate* unmanaged<nint>)globalContext)();
            ((delegate* unmanaged<nint, byte, void>)setFlag)(context, 0);
        }

        return true;
    }

    private static bool TryLoadTorchCpu(out nint library)
    {
        // TorchSharp has loaded libtorch_cpu.so by now; dlopen finds a loaded library by its soname first.
        if (NativeLibrary.TryLoad("libtorch_cpu.so", out library))
        {
            return true;
        }

        string baseDirectory = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;
        foreach (string candidate in new[]
        {
            Path.Combine(baseDirectory, "libtorch_cpu.so"),
            Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", "libtorch_cpu.so"),
        })
        {
            if (NativeLibrary.TryLoad(candidate, out library))
            {
                return true;
            }
        }

        return NativeLibrary.TryLoad("libtorch_cpu.so", Assembly.GetExecutingAssembly(), DllImportSearchPath.AssemblyDirectory, out library);
    }
}
