using Monitor.Core.Runtime;
using Monitor.Core.Runtime.Kernels;

namespace Monitor.Core.Tests.Runtime;

/// <summary>
/// The path choice with a simulated wrong kernel (<see cref="KernelFaultInjection"/>, scoped to each test) and a fake
/// oneDNN switch, so the process's real kernels stay as they are for the tests running beside these.
/// </summary>
public sealed class KernelPathSelectorTests
{
    public KernelPathSelectorTests() => TorchRuntime.Initialize();

    [Fact]
    public void Auto_WithRightKernels_KeepsOneDnnAtItsFullInstructionSet()
    {
        using IDisposable rightKernels = KernelFaultInjection.Inject(KernelFault.None);
        var oneDnn = new FakeSwitch();
        var selector = new KernelPathSelector(oneDnn, _ => throw new InvalidOperationException("no restart expected"));

        KernelReport report = selector.Select(KernelMode.Auto, null, null);

        Assert.Equal(KernelPath.OneDnn, report.Path);
        Assert.True(oneDnn.Enabled);
        Assert.Null(report.FallbackReason);
        Assert.Equal(KernelCheck.StartupShapes.Count, report.ShapesVerified);
        Assert.Equal("onednn", report.Name);
    }

    [Fact]
    public void Auto_WhereFullIsaIsWrong_AsksForARestartWithTheIsaCappedNamingTheFailure()
    {
        using IDisposable fault = KernelFaultInjection.Inject(KernelFault.FullIsa);
        var oneDnn = new FakeSwitch();
        var reasons = new List<string>();
        var selector = new KernelPathSelector(oneDnn, reason =>
        {
            reasons.Add(reason);
            return false; // the restart could not happen: the selection goes on in this process
        });

        KernelReport report = selector.Select(KernelMode.Auto, null, null);

        string reason = Assert.Single(reasons);
        Assert.Contains("InputGradient of convolution 6→4 3×3 stride 1 padding 1 on [2, 6, 32, 64]: relative error 2.5E-001", reason, StringComparison.Ordinal);
        Assert.Equal(KernelPath.Native, report.Path);
        Assert.False(oneDnn.Enabled);
        Assert.Equal(reason, report.FallbackReason);
        Assert.Equal("native", report.Name);
    }

    [Fact]
    public void Auto_InTheRestartedProcess_UsesTheCappedIsaAndKeepsTheParentsReason()
    {
        using IDisposable fault = KernelFaultInjection.Inject(KernelFault.FullIsa);
        var selector = new KernelPathSelector(new FakeSwitch(), _ => throw new InvalidOperationException("a capped process must not restart"));

        KernelReport report = selector.Select(KernelMode.Auto, "AVX", "oneDNN failed …");

        Assert.Equal(KernelPath.OneDnnCappedIsa, report.Path);
        Assert.Equal("oneDNN failed …", report.FallbackReason);
        Assert.Equal("onednn-isa-avx", report.Name);
        Assert.Contains("capped at AVX", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_WhereTheCappedIsaIsWrongToo_SwitchesOneDnnOff()
    {
        using IDisposable fault = KernelFaultInjection.Inject(KernelFault.OneDnn);
        var oneDnn = new FakeSwitch();
        var selector = new KernelPathSelector(oneDnn, null);

        KernelReport report = selector.Select(KernelMode.Auto, "AVX", "oneDNN failed …");

        Assert.Equal(KernelPath.Native, report.Path);
        Assert.False(oneDnn.Enabled);
        Assert.StartsWith("oneDNN failed …; then oneDNN capped at AVX failed", report.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public void On_WhereOneDnnIsWrong_RefusesNamingOperationShapeAndError()
    {
        using IDisposable fault = KernelFaultInjection.Inject(KernelFault.FullIsa);
        var selector = new KernelPathSelector(new FakeSwitch(), _ => throw new InvalidOperationException("V2V_ONEDNN=on never restarts"));

        var ex = Assert.Throws<KernelVerificationException>(() => selector.Select(KernelMode.On, null, null));

        Assert.Contains("V2V_ONEDNN=on forbids a fallback", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.Deviation);
        Assert.Equal(ConvolutionOperation.InputGradient, ex.Deviation.Operation);
        Assert.Equal(KernelCheck.StartupShapes[0], ex.Deviation.Shape);
    }

    [Fact]
    public void Off_UsesNativeKernelsAndStillVerifiesThem()
    {
        using IDisposable rightKernels = KernelFaultInjection.Inject(KernelFault.None);
        var oneDnn = new FakeSwitch();
        var selector = new KernelPathSelector(oneDnn, null);

        KernelReport report = selector.Select(KernelMode.Off, null, null);

        Assert.Equal(KernelPath.Native, report.Path);
        Assert.False(oneDnn.Enabled);
        Assert.Equal(KernelCheck.StartupShapes.Count, report.ShapesVerified);

        using IDisposable wrongEverywhere = KernelFaultInjection.Inject(KernelFault.Everywhere);
        Assert.Throws<KernelVerificationException>(() => new KernelPathSelector(new FakeSwitch(), null).Select(KernelMode.Off, null, null));
    }

    [Fact]
    public void Auto_WhereNothingVerifies_RefusesWithEveryPathsFailure()
    {
        using IDisposable fault = KernelFaultInjection.Inject(KernelFault.Everywhere);
        var selector = new KernelPathSelector(new FakeSwitch(), _ => false);

        var ex = Assert.Throws<KernelVerificationException>(() => selector.Select(KernelMode.Auto, null, null));

        Assert.StartsWith("No convolution kernels compute correct results on this machine: native kernels failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("earlier: oneDNN failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AModelsLayersFailingAfterStartup_SwitchesToNativeAndNamesTheModel()
    {
        var oneDnn = new FakeSwitch();
        var selector = new KernelPathSelector(oneDnn, null);
        using (KernelFaultInjection.Inject(KernelFault.None))
        {
            selector.Select(KernelMode.Auto, null, null);
        }

        ConvolutionShape layer = new(false, 2, 9, 11, 12, 20, 3, 1);

        using (KernelFaultInjection.Inject(KernelFault.FullIsa))
        {
            KernelReport report = selector.Verify([layer], "model t2m-unet");

            Assert.Equal(KernelPath.Native, report.Path);
            Assert.False(oneDnn.Enabled);
            Assert.StartsWith("model t2m-unet: oneDNN failed", report.FallbackReason, StringComparison.Ordinal);
            Assert.Equal(KernelCheck.StartupShapes.Count + 1, report.ShapesVerified);
        }

        // Verified shapes are not checked again.
        using (KernelFaultInjection.Inject(KernelFault.Everywhere))
        {
            Assert.Equal(KernelPath.Native, selector.Verify([layer], "model t2m-unet").Path);
        }
    }

    [Fact]
    public void Verify_UnderOn_RefusesInsteadOfFallingBack()
    {
        var selector = new KernelPathSelector(new FakeSwitch(), null);
        using (KernelFaultInjection.Inject(KernelFault.None))
        {
            selector.Select(KernelMode.On, null, null);
        }

        using IDisposable fault = KernelFaultInjection.Inject(KernelFault.FullIsa);
        var ex = Assert.Throws<KernelVerificationException>(() => selector.Verify([new ConvolutionShape(true, 2, 8, 4, 5, 7, 2, 2)], "model m"));

        Assert.Contains("layers of model m", ex.Message, StringComparison.Ordinal);
    }

    private sealed class FakeSwitch : IOneDnnSwitch
    {
        public bool Enabled { get; set; } = true;
    }
}
