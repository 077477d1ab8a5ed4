namespace Monitor.Core.Runtime.Kernels;

/// <summary>What a kernel check computes for one <see cref="ConvolutionShape"/>.</summary>
public enum ConvolutionOperation
{
    /// <summary>The layer's forward map (what prediction runs).</summary>
    Forward,

    /// <summary>Autograd's gradient with respect to the input (backward-data; what training runs).</summary>
    InputGradient,

    /// <summary>Autograd's gradient with respect to the weight (backward-weights; what training runs).</summary>
    WeightGradient,

    /// <summary>The layer's adjoint as one explicit call (a transposed convolution for a convolution), as the relevance rules run it.</summary>
    Adjoint,

    /// <summary>Two adjoints as one grouped call, as the γ and αβ rules run their paired adjoints.</summary>
    GroupedAdjoint,
}
