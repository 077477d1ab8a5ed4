namespace Monitor.Core.Runtime.Kernels;

/// <summary>Which implementation runs libtorch's float32 convolutions in this process.</summary>
public enum KernelPath
{
    /// <summary>oneDNN at the best instruction set the CPU offers (libtorch's default; JIT-compiled kernels).</summary>
    OneDnn,

    /// <summary>oneDNN with its instruction set capped by <c>ONEDNN_MAX_CPU_ISA</c> (AVX: its GEMM-based kernels).</summary>
    OneDnnCappedIsa,

    /// <summary>oneDNN switched off: libtorch's own (ATen) convolution kernels.</summary>
    Native,
}
