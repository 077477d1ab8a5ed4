namespace Monitor.Service.Tests.Options;

/// <summary>Files of the repository the tests run in (found upwards from the test assembly, by V2VMonitor.sln).</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository's root directory.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The full path of <paramref name="relative"/> (with '/' separators) under the root.</summary>
    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "V2VMonitor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No V2VMonitor.sln above {AppContext.BaseDirectory}: the tests run inside the repository.");
    }
}
