using System.CommandLine;
using Monitor.Core.Runtime;

namespace Monitor.Service.Cli;

/// <summary><c>--device</c> of the verbs that run a model: where it runs (<see cref="ComputeDevice"/>, docs/gpu.md).</summary>
internal static class DeviceOption
{
    /// <summary>The option, default <c>cpu</c>.</summary>
    public static Option<string> Create() => new("--device")
    {
        Description = $"Where the model runs: {ComputeDevice.Accepted} (a GPU needs the CUDA build, docs/gpu.md).",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>The device <paramref name="value"/> names when this process can use it; otherwise writes why and returns null.</summary>
    public static ComputeDevice? Resolve(string verb, string value, TextWriter error)
    {
        try
        {
            ComputeDevice device = ComputeDevice.Parse(value);
            device.EnsureAvailable("--device");
            return device;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            error.WriteLine($"{verb}: --device: {ex.Message}");
            return null;
        }
    }
}
