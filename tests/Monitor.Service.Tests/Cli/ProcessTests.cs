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
        Assert.Contains("ok    kernels: ", output, StringComparison.Ordinal);
        Assert.Contains("convolution shapes verified against float64", output, StringComparison.Ordinal);
        // libtorch writes NNPACK and other warnings straight to stderr; an operator's log must not fill with them. The
        // only lines allowed are ours (on a machine whose oneDNN kernels fail verification: the restart notice).
        Assert.DoesNotContain("NNPACK", error, StringComparison.Ordinal);
        Assert.All(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("v2vmonitor: convolution kernels", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Doctor_WhereOneDnnIsWrongAtItsFullInstructionSet_RestartsWithTheIsaCappedAndSaysWhy()
    {
        (int exit, string output, string error) = await RunAsync(["doctor"], ("V2V_KERNEL_FAULT", "full-isa"));

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}");
        Assert.Contains("restarting with ONEDNN_MAX_CPU_ISA=AVX", error, StringComparison.Ordinal);
        Assert.Contains("ok    kernels: oneDNN with its instruction set capped at AVX", output, StringComparison.Ordinal);
        Assert.Contains("fallback because oneDNN failed", output, StringComparison.Ordinal);
        Assert.Contains("InputGradient of convolution 6→4 3×3 stride 1 padding 1 on [2, 6, 32, 64]", output, StringComparison.Ordinal);
        // The restart replaced the process before anything was printed: each check reports once.
        Assert.Single(output.Split('\n'), line => line.StartsWith("ok    libtorch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Doctor_WhereOneDnnIsWrongAtEveryInstructionSet_FallsBackToNativeKernels()
    {
        (int exit, string output, string error) = await RunAsync(["doctor"], ("V2V_KERNEL_FAULT", "onednn"));

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}");
        Assert.Contains("ok    kernels: libtorch's native kernels (oneDNN off)", output, StringComparison.Ordinal);
        Assert.Contains("then oneDNN capped at AVX failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_WhereNoKernelVerifies_RefusesBeforeComputingAndNamesTheOperation()
    {
        (int exit, string output, string error) = await RunAsync(["explain", "--help"], ("V2V_KERNEL_FAULT", "everywhere"));

        Assert.Equal(70, exit);
        Assert.Contains("No convolution kernels compute correct results on this machine", error, StringComparison.Ordinal);
        Assert.Contains("native kernels failed", error, StringComparison.Ordinal);
        Assert.Contains("on [2, 6, 32, 64]", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.Trim());
    }

    [Fact]
    public async Task Doctor_WithOneDnnForcedOff_UsesAndReportsNativeKernels()
    {
        (int exit, string output, string error) = await RunAsync(["doctor"], ("V2V_ONEDNN", "off"));

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}");
        Assert.Contains("ok    kernels: libtorch's native kernels (oneDNN off), V2V_ONEDNN=off", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.Trim());
    }

    [Fact]
    public async Task UnknownVerb_AsProcess_FailsWithUsage()
    {
        (int exit, _, string error) = await RunAsync("frobnicate");

        Assert.NotEqual(0, exit);
        Assert.Contains("frobnicate", error, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, []);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, params (string Name, string Value)[] environment)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "v2vmonitor.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

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
