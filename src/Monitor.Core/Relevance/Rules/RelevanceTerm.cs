using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// One summand of a rule's modified forward pass, z = Σ ± f(x_t; W_t, b_t): the point x_t it is evaluated at, the
/// modified parameters, and whether it is subtracted (as the bound terms of z^B are).
/// </summary>
internal sealed record RelevanceTerm(Tensor Input, Tensor Weight, Tensor? Bias, bool Subtracted = false);
