using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Baselines;

/// <summary>
/// Integrated gradients (Sundararajan, Taly, Yan, "Axiomatic Attribution for Deep Networks", ICML 2017):
/// (x − x') ⊙ (1/m) Σ_{k=1..m} ∂(Σ s ⊙ f)/∂x at x' + (k/m)(x − x'), the right Riemann sum of the path integral from
/// the baseline x' to x. Completeness: Σ attributions → F(x) − F(x') as m grows. The default baseline 0 is the training
/// mean after standardisation. Steps are evaluated in batches of <see cref="StepsPerBatch"/> samples × B.
/// </summary>
public sealed class IntegratedGradientsAttribution : BaselineAttributionMethod
{
    /// <summary>Default number of steps m.</summary>
    public const int DefaultSteps = 32;

    /// <summary>Default number of steps per forward/backward pass.</summary>
    public const int DefaultStepsPerBatch = 8;

    /// <summary>Creates the method.</summary>
    /// <param name="steps">m ≥ 1, the number of points on the path.</param>
    /// <param name="baselineValue">x' in every cell (standardised units); 0 is the training mean.</param>
    /// <param name="stepsPerBatch">Path points evaluated together (memory grows with it).</param>
    public IntegratedGradientsAttribution(int steps = DefaultSteps, double baselineValue = 0, int stepsPerBatch = DefaultStepsPerBatch)
        : base("integrated-gradients", baselineValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerBatch, 1);
        Steps = steps;
        StepsPerBatch = stepsPerBatch;
    }

    /// <summary>m, the number of points on the path.</summary>
    public int Steps { get; }

    /// <summary>Path points per forward/backward pass.</summary>
    public int StepsPerBatch { get; }

    private protected override Tensor Compute(Func<Tensor, Tensor> model, Tensor input, Tensor selector, Tensor baseline)
    {
        long[] shape = input.shape;
        Tensor difference = input.add(baseline.neg(), KeptScalars.One);
        Tensor sum = zeros_like(input);
        for (int first = 1; first <= Steps; first += StepsPerBatch)
        {
            using IDisposable step = NewDisposeScope();
            int count = Math.Min(StepsPerBatch, Steps - first + 1);
            double[] fractions = new double[count];
            for (int k = 0; k < count; k++)
            {
                fractions[k] = (double)(first + k) / Steps;
            }

            Tensor alpha = tensor(fractions, input.dtype, input.device).view(count, 1, 1, 1, 1);
            Tensor points = baseline.unsqueeze(0).add(alpha.mul(difference.unsqueeze(0)), KeptScalars.One)
                .reshape([count * shape[0], .. shape[1..]]);
            Tensor selectors = selector.unsqueeze(0).expand([count, .. selector.shape])
                .reshape([count * selector.shape[0], .. selector.shape[1..]]);
            Tensor gradients = SelectedGradient(model, points, selectors).view([count, .. shape]).sum(0L);
            Tensor accumulated = sum.add(gradients, KeptScalars.One).MoveToOuterDisposeScope();
            sum.Dispose();
            sum = accumulated;
        }

        return difference.mul(sum.div(tensor((double)Steps, input.dtype, input.device)));
    }
}
