using Microsoft.Data.Sqlite;

namespace Monitor.Service.Tests.State;

/// <summary>A fresh directory under the system temp folder, deleted afterwards (SQLite pools cleared first).</summary>
internal sealed class TempStateDirectory : IDisposable
{
    public TempStateDirectory()
    {
        Path = Directory.CreateTempSubdirectory("v2v-state-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection elsewhere; the temp folder is cleaned by the OS.
        }
    }
}
