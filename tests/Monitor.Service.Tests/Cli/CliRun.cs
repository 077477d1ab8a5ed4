using Monitor.Service.Cli;

namespace Monitor.Service.Tests.Cli;

/// <summary>Runs the command line in-process and captures what it writes.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> InvokeAsync(TimeProvider time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApplication.Build(output, error, time).Parse(args).InvokeAsync();
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}
