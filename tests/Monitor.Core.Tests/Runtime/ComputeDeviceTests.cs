using Monitor.Core.Runtime;

namespace Monitor.Core.Tests.Runtime;

public sealed class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu", "cpu", true, -1)]
    [InlineData(" CPU ", "cpu", true, -1)]
    [InlineData("cuda", "cuda", false, -1)]
    [InlineData("cuda:0", "cuda:0", false, 0)]
    [InlineData("CUDA:3", "cuda:3", false, 3)]
    public void Parse_AcceptsCpuCudaAndCudaWithAnIndex(string value, string shown, bool cpu, int index)
    {
        ComputeDevice device = ComputeDevice.Parse(value);

        Assert.Equal(shown, device.ToString());
        Assert.Equal(cpu, device.IsCpu);
        Assert.Equal(index, device.Index);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("mps")]
    public void Parse_RefusesAnythingElseListingWhatIsAccepted(string? value)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse(value));

        Assert.Contains(ComputeDevice.Accepted, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureAvailable_Cpu_AlwaysPasses() => ComputeDevice.Cpu.EnsureAvailable("Monitor:Device");

    [Fact]
    public void EnsureAvailable_Cuda_RefusedWhereLibtorchHasNoCudaNamingTheKey()
    {
        ComputeDevice cuda = ComputeDevice.Parse("cuda");
        if (ComputeDevice.CudaAvailable)
        {
            // A machine with the CUDA build and a GPU: the first GPU is there.
            cuda.EnsureAvailable("Monitor:Device");
            return;
        }

        NotSupportedException error = Assert.Throws<NotSupportedException>(() => cuda.EnsureAvailable("Monitor:Device"));

        Assert.StartsWith("Monitor:Device = cuda asks for a GPU, but the libtorch in this build has no CUDA", error.Message, StringComparison.Ordinal);
    }
}
