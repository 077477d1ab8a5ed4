namespace Monitor.Core.Transfer;

/// <summary>The transfer-model architectures.</summary>
public enum Architecture
{
    /// <summary>U-Net: strided convolutions down, transposed convolutions up, concatenated skips.</summary>
    UNet,

    /// <summary>ResNet: stem, residual blocks, 1×1 head.</summary>
    ResNet,

    /// <summary>Per-cell linear regression on the same inputs (the baseline).</summary>
    Linear,
}
