using System.Diagnostics;
using System.Reflection;

namespace Monitor.Bench;

/// <summary>Runs a child process to completion and captures its output.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="fileName"/>; throws with the child's stderr when it fails.</summary>
    /// <param name="fileName">Executable.</param>
    /// <param name="arguments">Arguments, passed without shell interpretation.</param>
    /// <param name="environment">Variables to set (value) or remove (null) in the child's environment.</param>
    /// <returns>The child's standard output.</returns>
    public static string Run(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string errors = stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:{Environment.NewLine}{errors}");
        }

        return stdout;
    }

    /// <summary>
    /// The command that starts this benchmark again: the apphost itself, or <c>dotnet Monitor.Bench.dll</c> when the
    /// process was started through the <c>dotnet</c> muxer.
    /// </summary>
    public static (string FileName, string[] Prefix) Self()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
        if (string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.Ordinal))
        {
            string assembly = Assembly.GetEntryAssembly()?.Location ??
                throw new InvalidOperationException("The entry assembly has no location.");
            return (process, [assembly]);
        }

        return (process, []);
    }
}
