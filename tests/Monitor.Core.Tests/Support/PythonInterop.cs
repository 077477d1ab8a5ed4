namespace Monitor.Core.Tests.Support;

/// <summary>
/// Runs python/interop.py (the PyTorch twin's command line) with Debian's interpreter, which has python3-numpy and
/// python3-torch (scripts/install-deps.sh --test); a pyenv python3 on PATH may lack both.
/// </summary>
internal static class PythonInterop
{
    /// <summary>Debian's interpreter.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string> s_directory = new(FindDirectory);

    /// <summary>The repository's python/ directory.</summary>
    public static string Directory => s_directory.Value;

    /// <summary>Runs <c>interop.py ARGUMENTS</c>; returns its standard output.</summary>
    public static string Run(params string[] arguments)
    {
        string script = Path.Combine(s_directory.Value, "interop.py");
        try
        {
            return ExternalTool.Run(Python, arguments.Prepend(script));
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("No module named", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{Python} lacks numpy or torch; install Debian's python3-numpy and python3-torch (scripts/install-deps.sh --test).", ex);
        }
    }

    private static string FindDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "python");
            if (File.Exists(Path.Combine(candidate, "interop.py")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"python/interop.py not found above {AppContext.BaseDirectory}.");
    }
}
