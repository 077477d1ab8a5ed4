using System.Diagnostics;

namespace Monitor.Service.Tests.Cli;

/// <summary>Runs the built <c>v2vmonitor</c> as its own process, as an operator would, and reads its output streams.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Doctor_AsProcess_LoadsNativeLibrariesAndKeepsStderrClean()
    {
        (int exit, string output, string error) = await RunAsync("doctor");

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}");
        Assert.Contains("ok    netCDF-C: 4.", output, StringComparison.Ordinal);
        Assert.Contains("ok    libtorch: 2.10", output, StringComparison.Ordinal);
        Assert.Contains("heap tuned: True", output, StringComparison.Ordinal);
        // libtorch writes NNPACK and other warnings straight to stderr; an operator's log must not fill with them.
        Assert.DoesNotContain("NNPACK", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.Trim());
    }

    [Fact]
    public async Task UnknownVerb_AsProcess_FailsWithUsage()
    {
        (int exit, _, string error) = await RunAsync("frobnicate");

        Assert.NotEqual(0, exit);
        Assert.Contains("frobnicate", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "v2vmonitor.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
