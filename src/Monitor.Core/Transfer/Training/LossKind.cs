namespace Monitor.Core.Transfer.Training;

/// <summary>Training loss on standardised values.</summary>
public enum LossKind
{
    /// <summary>Mean absolute error (Farokhmanesh et al. 2023 train with L1).</summary>
    L1,

    /// <summary>Mean squared error.</summary>
    Mse,
}
