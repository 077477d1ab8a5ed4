namespace Monitor.Bench;

/// <summary>How the piecewise-linear functions F of the fidelity benchmark are indexed.</summary>
internal enum FidelityFunctions
{
    /// <summary>
    /// One function per input channel and neighbourhood offset, F_{c,i−j}: the same at every cell, so a fully
    /// convolutional network can represent the target (the benchmark's default).
    /// </summary>
    Offset,

    /// <summary>
    /// One function per input channel and input cell, F_{c,i}, as in Mamalakis et al. (2022); a translation-equivariant
    /// network without position inputs cannot represent it (kept to show that).
    /// </summary>
    Cell,
}
