using System.Globalization;
using TorchSharp;

namespace Monitor.Core.Runtime;

/// <summary>
/// Where models and their tensors live: <c>cpu</c> (the default), <c>cuda</c> (the first GPU) or <c>cuda:N</c>.
/// Inputs are made on the host and moved to the device; results come back to host memory before they leave Core, so
/// callers see plain arrays whatever the device. On <c>cpu</c> nothing is moved (results are bit-identical to a
/// build without devices). CUDA needs the CUDA build of libtorch (docs/gpu.md).
/// </summary>
public sealed record ComputeDevice
{
    /// <summary>The host CPU.</summary>
    public static readonly ComputeDevice Cpu = new(DeviceType.CPU, -1);

    private ComputeDevice(DeviceType type, int index)
    {
        Type = type;
        Index = index;
    }

    /// <summary>The device kind.</summary>
    internal DeviceType Type { get; }

    /// <summary>The GPU's index, or −1 for the CPU and for <c>cuda</c> without an index (libtorch's current GPU).</summary>
    public int Index { get; }

    /// <summary>Whether this is the host CPU.</summary>
    public bool IsCpu => Type == DeviceType.CPU;

    /// <summary>The accepted spellings, for messages.</summary>
    public const string Accepted = "cpu, cuda or cuda:N (N = 0, 1, …)";

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (case-insensitive, surrounding blanks ignored).</summary>
    /// <exception cref="ArgumentException">Anything else; the message lists what is accepted.</exception>
    public static ComputeDevice Parse(string? value)
    {
        string text = value?.Trim().ToLowerInvariant() ?? "";
        if (text == "cpu")
        {
            return Cpu;
        }

        if (text == "cuda")
        {
            return new ComputeDevice(DeviceType.CUDA, -1);
        }

        if (text.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return new ComputeDevice(DeviceType.CUDA, index);
        }

        throw new ArgumentException($"'{value}' is not a device: use {Accepted}.", nameof(value));
    }

    /// <summary>Whether the libtorch this process loaded can run CUDA and sees a GPU.</summary>
    public static bool CudaAvailable
    {
        get
        {
            TorchRuntime.Initialize();
            return torch.cuda.is_available();
        }
    }

    /// <summary>Throws unless tensors can be placed on this device in this process.</summary>
    /// <param name="key">What named the device (a configuration key or an option), for the message.</param>
    /// <exception cref="NotSupportedException">CUDA is asked for and libtorch has none, or the GPU index does not exist.</exception>
    public void EnsureAvailable(string key)
    {
        if (IsCpu)
        {
            return;
        }

        if (!CudaAvailable)
        {
            throw new NotSupportedException(
                $"{key} = {this} asks for a GPU, but the libtorch in this build has no CUDA or sees no GPU (torch.cuda.is_available() is false): "
                + "use cpu, or a build with -p:V2VTorchBackend=cuda on a machine with an NVIDIA driver (docs/gpu.md).");
        }

        int count = torch.cuda.device_count();
        if (Index >= count)
        {
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"{key} = {this} names GPU {Index}, but libtorch sees {count} GPU(s) (0…{count - 1})."));
        }
    }

    /// <summary>The libtorch device.</summary>
    internal torch.Device Torch => Index < 0 ? new torch.Device(Type) : new torch.Device(Type, Index);

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public override string ToString() => IsCpu ? "cpu" : Index < 0 ? "cuda" : string.Create(CultureInfo.InvariantCulture, $"cuda:{Index}");
}
