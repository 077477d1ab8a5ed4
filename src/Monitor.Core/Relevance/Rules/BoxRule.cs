using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// z^B, the box rule for an input layer with bounded inputs l ≤ x ≤ h (Montavon et al., Pattern Recognition 65, 2017;
/// Montavon et al. 2019; Kohlbrenner et al., IJCNN 2020, at the input layer):
/// R_j = Σ_k (x_j w_jk − l_j w_jk⁺ − h_j w_jk⁻) / (Σ_{0,j} (x_j w_jk − l_j w_jk⁺ − h_j w_jk⁻)) · R_k, the bias joining the
/// denominator as in LRP-0 (conservative without bias). Bounds are per input channel (dimension 1): for standardised
/// inputs l = (min − μ)/σ, h = (max − μ)/σ.
/// </summary>
public sealed class BoxRule : LrpRule
{
    private readonly double[] _low;
    private readonly double[] _high;

    /// <summary>
    /// Creates the rule with bounds per input channel; a single value applies to every channel.
    /// </summary>
    public BoxRule(IReadOnlyList<double> low, IReadOnlyList<double> high, double stabiliser = DefaultStabiliser)
        : base("zbox")
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        ArgumentOutOfRangeException.ThrowIfNegative(stabiliser);
        if (low.Count == 0 || low.Count != high.Count)
        {
            throw new ArgumentException($"z^B needs as many lower as upper bounds (at least one); got {low.Count} and {high.Count}.", nameof(high));
        }

        for (int c = 0; c < low.Count; c++)
        {
            if (!(low[c] <= high[c]))
            {
                throw new ArgumentException(FormattableString.Invariant($"z^B needs l ≤ h; channel {c} has l = {low[c]}, h = {high[c]}."), nameof(high));
            }
        }

        _low = [.. low];
        _high = [.. high];
        Stabiliser = stabiliser;
    }

    /// <summary>Lower bounds l per input channel.</summary>
    public IReadOnlyList<double> Low => _low;

    /// <summary>Upper bounds h per input channel.</summary>
    public IReadOnlyList<double> High => _high;

    /// <summary>ε of z + ε·sign(z), only to avoid division by zero.</summary>
    public double Stabiliser { get; }

    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor? output, Tensor relevanceOut)
    {
        Tensor low = Bound(_low, input);
        Tensor high = Bound(_high, input);
        Tensor positive = Positive(weight), negative = Negative(weight);
        RelevanceTerm[] terms =
        [
            new RelevanceTerm(input, weight, bias),
            new RelevanceTerm(low, positive, null, Subtracted: true),
            new RelevanceTerm(high, negative, null, Subtracted: true),
        ];

        // z = W·a + b from the forward pass when kept, minus the bounds' terms, in the order Share would add them.
        Tensor z = OutputOf(layer, input, weight, bias, output)
            .add(layer.Apply(low, positive, null).neg(), KeptScalars.One)
            .add(layer.Apply(high, negative, null).neg(), KeptScalars.One);
        return Share(layer, terms, relevanceOut, z, Stabiliser);
    }

    /// <summary>The bounds broadcast to the input's shape, one value per channel (dimension 1).</summary>
    private static Tensor Bound(double[] values, Tensor input)
    {
        long channels = input.shape[1];
        if (values.Length != 1 && values.Length != channels)
        {
            throw new ArgumentException($"z^B has bounds for {values.Length} channels but the input has {channels}.", nameof(input));
        }

        long[] shape = Enumerable.Repeat(1L, (int)input.dim()).ToArray();
        shape[1] = values.Length;
        Tensor bound = tensor(values, dtype: input.dtype, device: input.device).reshape(shape);
        return ones_like(input).mul(bound);
    }
}
