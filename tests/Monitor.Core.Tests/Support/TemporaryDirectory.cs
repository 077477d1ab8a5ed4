namespace Monitor.Core.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted with its contents on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    /// <summary>Creates the directory, named <c>v2v-tests-…</c> with a random suffix.</summary>
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("v2v-tests-").FullName;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the directory (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Deletes the directory and everything in it; best effort, never throws.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Leave it to the OS's temp cleaning; a failed cleanup must not fail the test.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: best effort.
        }
    }
}
