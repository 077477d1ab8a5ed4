using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Monitor.Core.Tests.Support;

/// <summary>
/// Runs an external command-line tool (ecCodes' grib_set, netCDF's ncgen, …) to write or inspect test fixtures with
/// an implementation independent of ours.
/// </summary>
public static class ExternalTool
{
    /// <summary>How long a tool may run before it is killed and the test fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (passed as-is, no shell quoting) and returns
    /// its standard output. Throws <see cref="InvalidOperationException"/> with the command line, exit code and
    /// standard error when the tool exits non-zero, cannot be started, or times out.
    /// </summary>
    /// <param name="fileName">The tool, found on PATH, or a path to it.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="workingDirectory">Where to run it; the current directory if null.</param>
    /// <param name="standardInput">Text written to its standard input, which is then closed; none if null.</param>
    public static string Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        string? standardInput = null) =>
        RunCapturingErrors(fileName, arguments, workingDirectory, standardInput).Output;

    /// <summary>
    /// As <see cref="Run"/>, and also returns what the tool wrote to standard error on success, for tests that require
    /// a tool to read a file without warnings.
    /// </summary>
    public static (string Output, string Error) RunCapturingErrors(string fileName, IEnumerable<string> arguments,
        string? workingDirectory = null, string? standardInput = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        string command = Describe(fileName, startInfo.ArgumentList);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start `{command}`: {e.Message}. Is the tool installed and on PATH?", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new InvalidOperationException($"`{command}` did not finish within {Timeout.TotalSeconds} s.\nstderr:\n{stderr}");
        }

        // The parameterless overload waits for the redirected streams to be drained.
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` exited with code {process.ExitCode}.\nstderr:\n{stderr}\nstdout:\n{stdout}");
        }

        return (stdout.ToString(), stderr.ToString());
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is not null)
        {
            lock (buffer)
            {
                buffer.Append(line).Append('\n');
            }
        }
    }

    private static string Describe(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a).Prepend(fileName));
}
