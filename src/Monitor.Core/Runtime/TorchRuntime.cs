using System.Reflection;
using System.Runtime.InteropServices;
using Monitor.Core.Runtime.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Core.Runtime;

/// <summary>
/// Process-wide libtorch set-up: heap tuning, thread count, NNPACK off, and convolution kernels that are verified
/// against a float64 reference before anything is computed with them. Call <see cref="Initialize"/> before the first
/// tensor operation; it is idempotent and thread-safe.
/// </summary>
/// <remarks>
/// NNPACK cannot initialise on CPUs it does not know (the AMD EPYC here) and libtorch then prints
/// "Could not initialize NNPACK! Reason: Unsupported hardware." to stderr on convolutions, bypassing any logger and
/// <c>TORCH_CPP_LOG_LEVEL</c>. libtorch only asks NNPACK after checking <c>at::Context::userEnabledNNPACK()</c>, so
/// switching that flag off (what Python's <c>torch.backends.nnpack.set_flags(False)</c> does) keeps logs clean; the
/// convolutions then use oneDNN, which is what ran anyway.
/// <para>
/// On some hosts libtorch 2.10's oneDNN float32 backward-data kernels — input gradients, hence training, and the
/// transposed convolutions the relevance rules use as adjoints — return wrong values or NaN (docs/platform.md).
/// <see cref="Kernels"/> says which path was chosen and why.
/// </para>
/// </remarks>
public static partial class TorchRuntime
{
    /// <summary>Environment variable choosing the kernels: <c>auto</c> (default), <c>on</c>, <c>off</c>.</summary>
    public const string ModeVariable = "V2V_ONEDNN";

    /// <summary>oneDNN's own variable capping its instruction set, read once when oneDNN first runs.</summary>
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>Set by a process that restarted itself with a capped instruction set: why it did.</summary>
    public const string FallbackVariable = "V2V_KERNEL_FALLBACK";

    private static readonly Lock s_gate = new();
    private static bool s_initialized;
    private static KernelPathSelector? s_selector;

    /// <summary>Networks (type, parameter shapes, input shape) whose layer shapes were already found and verified.</summary>
    private static readonly HashSet<string> s_verifiedNetworks = [];

    /// <summary>Whether libtorch's NNPACK switch is off in this process.</summary>
    public static bool NnpackDisabled { get; private set; }

    /// <summary>
    /// Set by an executable before <see cref="Initialize"/>: replaces the process with itself under
    /// <c>ONEDNN_MAX_CPU_ISA=AVX</c> and <c>V2V_KERNEL_FALLBACK=reason</c>; returns false when it cannot. Null (the
    /// default, for tests and libraries) falls back to oneDNN off in this process instead.
    /// </summary>
    public static Func<string, bool>? RestartWithCappedIsa { get; set; }

    /// <summary>The convolution kernels this process uses (initialises libtorch when needed).</summary>
    /// <exception cref="KernelVerificationException">No kernel path verifies on this machine.</exception>
    public static KernelReport Kernels
    {
        get
        {
            Initialize();
            lock (s_gate)
            {
                return s_selector!.Report!;
            }
        }
    }

    /// <summary>Initialises libtorch for this process and chooses verified convolution kernels.</summary>
    /// <param name="threads">Intra-op threads; null keeps libtorch's default (one per core).</param>
    /// <exception cref="KernelVerificationException">No kernel path verifies on this machine.</exception>
    /// <exception cref="ArgumentException"><c>V2V_ONEDNN</c> or <c>V2V_KERNEL_FAULT</c> has a value it does not accept.</exception>
    public static void Initialize(int? threads = null)
    {
        lock (s_gate)
        {
            if (!s_initialized)
            {
                KernelMode mode = ParseMode(Environment.GetEnvironmentVariable(ModeVariable));
                NativeHeapTuning.Apply();
                torch.InitializeDeviceType(DeviceType.CPU);
                (NnpackDisabled, IOneDnnSwitch oneDnn) = BindContextSwitches();
                var selector = new KernelPathSelector(oneDnn, RestartWithCappedIsa);
                string? cap = Environment.GetEnvironmentVariable(IsaVariable);
                selector.Select(mode, string.IsNullOrWhiteSpace(cap) ? null : cap.Trim().ToUpperInvariant(),
                    Environment.GetEnvironmentVariable(FallbackVariable));
                s_selector = selector;
                s_initialized = true;
            }

            if (threads is int count)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(threads));
                torch.set_num_threads(count);
            }
        }
    }

    /// <summary>
    /// Verifies the kernels at the layer shapes of <paramref name="network"/> on inputs of <paramref name="inputShape"/>
    /// before it is used (each distinct shape once per process); may switch the process to native kernels.
    /// </summary>
    /// <exception cref="KernelVerificationException">The layers' kernels are wrong and nothing else verifies.</exception>
    public static KernelReport VerifyLayers(nn.Module<Tensor, Tensor> network, long[] inputShape, string subject)
    {
        Initialize();
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputShape);
        // Type, parameter shapes and input size fix every layer's shape: a network like one seen before needs no
        // discovery pass (a forward pass) and no check.
        string signature = $"{network.GetType().FullName}|{string.Join(';', network.parameters().Select(p => string.Join('x', p.shape)))}|{string.Join('x', inputShape)}";
        lock (s_gate)
        {
            if (s_verifiedNetworks.Contains(signature))
            {
                return s_selector!.Report!;
            }
        }

        IReadOnlyList<ConvolutionShape> shapes = ConvolutionLayers.Of(network, inputShape);
        lock (s_gate)
        {
            KernelReport report = s_selector!.Verify([.. shapes], subject);
            s_verifiedNetworks.Add(signature);
            return report;
        }
    }

    /// <summary>Parses <c>V2V_ONEDNN</c>; empty means auto.</summary>
    /// <exception cref="ArgumentException">Not one of auto, on, off.</exception>
    public static KernelMode ParseMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => KernelMode.Auto,
        "on" => KernelMode.On,
        "off" => KernelMode.Off,
        _ => throw new ArgumentException($"{ModeVariable}='{value}' is not one of auto, on, off.", nameof(value)),
    };

    /// <summary>Switches NNPACK off and binds the oneDNN switch, both members of libtorch's <c>at::Context</c>.</summary>
    private static (bool NnpackDisabled, IOneDnnSwitch OneDnn) BindContextSwitches()
    {
        if (!OperatingSystem.IsLinux() || !TryLoadTorchCpu(out nint library) ||
            !NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out nint globalContextFunction))
        {
            throw new KernelVerificationException("libtorch_cpu.so or its at::globalContext() could not be found; the convolution kernels cannot be chosen.");
        }

        nint context;
        unsafe
        {
            // at::Context& at::globalContext(); members take `this` first (Itanium ABI).
            context = ((delegate* unmanaged<nint>)globalContextFunction)();
        }

        bool nnpackOff = false;
        if (NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledNNPACKEb", out nint setNnpack))
        {
            unsafe
            {
                ((delegate* unmanaged<nint, byte, void>)setNnpack)(context, 0);
            }

            nnpackOff = true;
        }

        return (nnpackOff, LibTorchOneDnnSwitch.Bind(library, context));
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
