using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Core.Runtime;

/// <summary>Brings tensors to host memory before their values are read (<see cref="ComputeDevice"/>).</summary>
internal static class HostTensors
{
    /// <summary>The tensor itself when it is in host memory (no copy, no new tensor), otherwise a host copy.</summary>
    internal static Tensor OnHost(this Tensor tensor) => tensor.device_type == DeviceType.CPU ? tensor : tensor.cpu();

    /// <summary>The tensor itself when it and <paramref name="device"/> are the CPU, otherwise a copy on the device.</summary>
    internal static Tensor On(this Tensor tensor, ComputeDevice device) =>
        device.IsCpu && tensor.device_type == DeviceType.CPU ? tensor : tensor.to(device.Torch);
}
