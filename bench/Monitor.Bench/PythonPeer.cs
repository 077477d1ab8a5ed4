using System.Text.Json;

namespace Monitor.Bench;

/// <summary>
/// bench/netcdf_peer.py run with Debian's python3-netcdf4: the independent writer of the benchmark file and the peer
/// reader. <c>/usr/bin/python3</c> is used explicitly because a pyenv python on PATH lacks netCDF4.
/// </summary>
internal static class PythonPeer
{
    /// <summary>The interpreter with python3-netcdf4.</summary>
    public const string Interpreter = "/usr/bin/python3";

    private static string Script => Path.Combine(AppContext.BaseDirectory, "netcdf_peer.py");

    /// <summary>Writes the benchmark file.</summary>
    public static void Write(string path, int leads, int variables) =>
        ChildProcess.Run(Interpreter, [Script, "write", path, "--leads", Str(leads), "--vars", Str(variables)]);

    /// <summary>Times <paramref name="repeat"/> passes over every field after one warm-up pass, in the given mode.</summary>
    public static PeerResult Read(string path, int repeat, string mode)
    {
        string output = ChildProcess.Run(Interpreter, [Script, "read", path, "--repeat", Str(repeat), "--mode", mode]);
        return JsonSerializer.Deserialize<PeerResult>(output, PeerResult.JsonOptions) ??
            throw new InvalidOperationException($"Unreadable peer output: {output}");
    }

    private static string Str(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
