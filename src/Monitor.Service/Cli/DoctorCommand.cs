using System.CommandLine;
using System.Globalization;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Runtime;
using Monitor.Core.Runtime.Kernels;
using TorchSharp;

namespace Monitor.Service.Cli;

/// <summary><c>v2vmonitor doctor</c>: checks the native dependencies this machine needs and reports what it found.</summary>
internal static class DoctorCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("doctor", "Check netCDF-C and libtorch in this process, and which convolution kernels verified against a float64 reference.");
        command.SetAction(_ => Run(output, error));
        return command;
    }

    internal static int Run(TextWriter output, TextWriter error)
    {
        int failures = 0;
        failures += Check(output, error, "libtorch", () =>
        {
            TorchRuntime.Initialize();
            return string.Create(CultureInfo.InvariantCulture,
                $"{torch.__version__}, {torch.get_num_threads()} threads, heap tuned: {NativeHeapTuning.IsApplied}, NNPACK off: {TorchRuntime.NnpackDisabled}");
        });
        if (failures == 0)
        {
            failures += Check(output, error, "kernels", () => TorchRuntime.Kernels.ToString());
        }

        failures += Check(output, error, "netCDF-C", () => NetCdfFile.LibraryVersion);
        return failures == 0 ? 0 : 1;
    }

    private static int Check(TextWriter output, TextWriter error, string name, Func<string> probe)
    {
        try
        {
            output.WriteLine($"ok    {name}: {probe()}");
            return 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or InvalidOperationException or KernelVerificationException or ArgumentException or TypeInitializationException or EntryPointNotFoundException)
        {
            error.WriteLine($"FAIL  {name}: {(ex is TypeInitializationException { InnerException: { } inner } ? inner.Message : ex.Message)}");
            return 1;
        }
    }
}
