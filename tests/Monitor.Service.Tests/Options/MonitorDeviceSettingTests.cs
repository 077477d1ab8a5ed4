using Monitor.Core.Runtime;
using Monitor.Service.Options;

namespace Monitor.Service.Tests.Options;

public sealed class MonitorDeviceSettingTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    public void Cpu_is_accepted(string device)
    {
        Assert.DoesNotContain(DeviceFailures(device), f => f.Contains("Monitor:Device", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_is_cpu() => Assert.Equal("cpu", new MonitorSettings().Device);

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:one")]
    [InlineData("")]
    public void A_bogus_device_is_refused_naming_the_key_and_what_is_accepted(string device)
    {
        string failure = Assert.Single(DeviceFailures(device), f => f.Contains("Monitor:Device", StringComparison.Ordinal));

        Assert.Equal($"Monitor:Device = '{device}' is not a device: use cpu, cuda or cuda:N (N = 0, 1, …).", failure);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void Cuda_is_refused_where_libtorch_has_none_saying_so(string device)
    {
        if (ComputeDevice.CudaAvailable)
        {
            return; // The CUDA build on a GPU machine: nothing to refuse (ComputeDeviceTests checks the GPU index there).
        }

        string failure = Assert.Single(DeviceFailures(device), f => f.Contains("Monitor:Device", StringComparison.Ordinal));

        Assert.Contains($"Monitor:Device = {device} asks for a GPU, but the libtorch in this build has no CUDA", failure, StringComparison.Ordinal);
        Assert.Contains("docs/gpu.md", failure, StringComparison.Ordinal);
    }

    private static IEnumerable<string> DeviceFailures(string device) =>
        new MonitorSettingsValidator().Validate(null, new MonitorSettings { Device = device }).Failures ?? [];
}
