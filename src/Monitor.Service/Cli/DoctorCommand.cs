using System.CommandLine;
using System.Globalization;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Runtime;

namespace Monitor.Service.Cli;

/// <summary><c>v2vmonitor doctor</c>: checks the native dependencies this machine needs and reports what it found.</summary>
internal static class DoctorCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("doctor", "Check netCDF-C and libtorch (convolution forward/backward, autograd.grad) in this process.");
        command.SetAction(_ => Run(output, error));
        return command;
    }

    internal static int Run(TextWriter output, TextWriter error)
    {
        int failures = 0;
        failures += Check(output, error, "netCDF-C", () => NetCdfFile.LibraryVersion);
        failures += Check(output, error, "libtorch", () =>
        {
            TorchSelfTestResult result = TorchSelfTest.Run();
            string summary = string.Create(CultureInfo.InvariantCulture,
                $"{result.LibTorchVersion}, {result.Threads} threads, heap tuned: {result.HeapTuned}, NNPACK off: {result.NnpackDisabled}, " +
                $"grad vs backward max diff {result.GradientMaxDifference:E1}, Euler identity error {result.LinearityError:E1}");
            return result.Passed ? summary : throw new InvalidOperationException("self-test out of tolerance: " + summary);
        });
        return failures == 0 ? 0 : 1;
    }

    private static int Check(TextWriter output, TextWriter error, string name, Func<string> probe)
    {
        try
        {
            output.WriteLine($"ok    {name}: {probe()}");
            return 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or InvalidOperationException or TypeInitializationException or EntryPointNotFoundException)
        {
            error.WriteLine($"FAIL  {name}: {(ex is TypeInitializationException { InnerException: { } inner } ? inner.Message : ex.Message)}");
            return 1;
        }
    }
}
