using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// The synthetic field-to-field regression with known attributions (after Mamalakis, Ebert-Uphoff and Barnes,
/// Environmental Data Science 1, e8, 2022). Inputs x <c>[B, C, H, W]</c>: C spatially correlated Gaussian random fields,
/// white noise smoothed by a Gaussian kernel (longitude periodic), each cell N(0, 1). Target
/// y_j = (1/σ_y) Σ_c Σ_{i ∈ N(j)} F(x_{c,i}) over the (2r+1)² neighbourhood N(j) (longitude wraps, latitude is clipped),
/// F a continuous piecewise-linear function with F(0) = 0, per channel and offset i − j
/// (<see cref="FidelityFunctions.Offset"/>) or per channel and cell (<see cref="FidelityFunctions.Cell"/>). For a
/// selection S of output cells the true contribution of input (c, i) to Σ_{j ∈ S} y_j is
/// (1/σ_y) Σ_{j ∈ S, i ∈ N(j)} F(x_{c,i}), which for per-cell functions is (1/σ_y) F_{c,i}(x_{c,i}) · |{j ∈ S : i ∈ N(j)}|.
/// </summary>
internal sealed class FidelityProblem : IDisposable
{
    /// <summary>Breakpoints of each function, 0 included (Mamalakis et al. 2022 use 5, one of them at 0).</summary>
    public const int Breakpoints = 5;

    private readonly List<PiecewiseLinear> _functions = [];
    private readonly Tensor _kernelLatitude;
    private readonly Tensor _kernelLongitude;
    private readonly Tensor _inverseScale;
    private readonly int _margin;
    private readonly int _radius;

    /// <summary>Draws the functions (seeded) and calibrates σ_y on <paramref name="calibrationSamples"/> fields.</summary>
    public FidelityProblem(int height, int width, int channels, int radius, double smoothingCells, FidelityFunctions functions, int seed,
        int calibrationSamples = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(radius, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(smoothingCells);
        Height = height;
        Width = width;
        Channels = channels;
        _radius = radius;
        Functions = functions;
        SmoothingCells = smoothingCells;

        // Unit-L2 1-D kernel: the separable 2-D kernel then has unit L2 norm and smoothed white noise has variance 1.
        _margin = (int)Math.Ceiling(3 * smoothingCells);
        double[] kernel = Enumerable.Range(-_margin, (2 * _margin) + 1)
            .Select(t => Math.Exp(-(double)t * t / (2 * smoothingCells * smoothingCells))).ToArray();
        double norm = Math.Sqrt(kernel.Sum(k => k * k));
        float[] unit = kernel.Select(k => (float)(k / norm)).ToArray();
        _kernelLatitude = tensor(unit, [1, 1, unit.Length, 1]);
        _kernelLongitude = tensor(unit, [1, 1, 1, unit.Length]);

        var random = new Random(seed);
        int sets = functions == FidelityFunctions.Offset ? Offsets.Count : 1;
        long[] shape = functions == FidelityFunctions.Offset ? [1, channels, 1, 1] : [1, channels, height, width];
        for (int s = 0; s < sets; s++)
        {
            _functions.Add(PiecewiseLinear.Draw(random, shape));
        }

        using (IDisposable scope = NewDisposeScope())
        {
            using var generator = new Generator((ulong)seed + 7919);
            Tensor y = RawTarget(Fields(calibrationSamples, generator)).to(float64);
            ScaleSigma = y.std().item<double>();
        }

        _inverseScale = tensor((float)(1 / ScaleSigma));
    }

    /// <summary>Latitudes H.</summary>
    public int Height { get; }

    /// <summary>Longitudes W.</summary>
    public int Width { get; }

    /// <summary>Input channels C.</summary>
    public int Channels { get; }

    /// <summary>Neighbourhood side 2r + 1.</summary>
    public int Neighbourhood => (2 * _radius) + 1;

    /// <summary>How the functions are indexed.</summary>
    public FidelityFunctions Functions { get; }

    /// <summary>σ of the Gaussian smoothing kernel, in cells.</summary>
    public double SmoothingCells { get; }

    /// <summary>σ_y: the standard deviation of the unscaled target over the calibration fields (all cells pooled).</summary>
    public double ScaleSigma { get; }

    /// <summary>The offsets (Δlat, Δlon) of the neighbourhood, row-major.</summary>
    private List<(int Dy, int Dx)> Offsets =>
        [.. from dy in Enumerable.Range(-_radius, Neighbourhood) from dx in Enumerable.Range(-_radius, Neighbourhood) select (dy, dx)];

    /// <summary>
    /// <paramref name="batch"/> input samples <c>[B, C, H, W]</c>: white noise on a latitude band widened by the kernel's
    /// half-width (so every cell has variance 1, none sees a mirrored edge), padded circularly in longitude, smoothed.
    /// </summary>
    public Tensor Fields(int batch, Generator generator)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor noise = randn([batch * Channels, 1, Height + (2 * _margin), Width], generator: generator);
        Tensor wrapped = cat([noise.narrow(3, Width - _margin, _margin), noise, noise.narrow(3, 0, _margin)], 3);
        Tensor smooth = nn.functional.conv2d(nn.functional.conv2d(wrapped, _kernelLatitude), _kernelLongitude);
        return smooth.reshape(batch, Channels, Height, Width).MoveToOuterDisposeScope();
    }

    /// <summary>The standardised target y <c>[B, 1, H, W]</c> of <paramref name="x"/>; differentiable in x.</summary>
    public Tensor Target(Tensor x)
    {
        using IDisposable scope = NewDisposeScope();
        return RawTarget(x).mul(_inverseScale).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The true contribution <c>[B, C, H, W]</c> of every input to Σ_j s_j y_j, for the 0/1 selector
    /// <paramref name="selector"/> <c>[1 or B, 1, H, W]</c>; its sum is exactly that selected total.
    /// </summary>
    public Tensor Truth(Tensor x, Tensor selector)
    {
        using IDisposable scope = NewDisposeScope();
        List<(int Dy, int Dx)> offsets = Offsets;
        Tensor? truth = null;
        if (Functions == FidelityFunctions.Cell)
        {
            // F_{c,i}(x_{c,i}) · |{j ∈ S : i ∈ N(j)}|.
            Tensor? count = null;
            foreach ((int dy, int dx) in offsets)
            {
                Tensor shifted = Shift(selector, -dy, -dx);
                count = count is null ? shifted : count.add(shifted, KeptScalars.One);
            }

            truth = _functions[0].Evaluate(x).mul(count!);
        }
        else
        {
            // Σ_o F_{c,o}(x_{c,i}) · s_{i−o}.
            for (int o = 0; o < offsets.Count; o++)
            {
                Tensor term = _functions[o].Evaluate(x).mul(Shift(selector, -offsets[o].Dy, -offsets[o].Dx));
                truth = truth is null ? term : truth.add(term, KeptScalars.One);
            }
        }

        return truth!.mul(_inverseScale).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PiecewiseLinear function in _functions)
        {
            function.Dispose();
        }

        _kernelLatitude.Dispose();
        _kernelLongitude.Dispose();
        _inverseScale.Dispose();
    }

    /// <summary>Σ_c Σ_{i ∈ N(j)} F(x_{c,i}) without the scale, <c>[B, 1, H, W]</c>.</summary>
    private Tensor RawTarget(Tensor x)
    {
        using IDisposable scope = NewDisposeScope();
        List<(int Dy, int Dx)> offsets = Offsets;
        Tensor? sum = null;
        for (int o = 0; o < offsets.Count; o++)
        {
            Tensor values = _functions[Functions == FidelityFunctions.Offset ? o : 0].Evaluate(x);
            Tensor term = Shift(values, offsets[o].Dy, offsets[o].Dx);
            sum = sum is null ? term : sum.add(term, KeptScalars.One);
        }

        return sum!.sum([1L], keepdim: true).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// result[…, i, j] = t[…, i + dy, j + dx]: longitude wraps, latitude beyond the edge is 0 (the neighbourhood is clipped).
    /// </summary>
    private static Tensor Shift(Tensor t, int dy, int dx)
    {
        long height = t.shape[2];
        Tensor rolled = dx == 0 ? t : t.roll(-dx, 3);
        if (dy == 0)
        {
            return rolled;
        }

        long[] shape = [.. t.shape];
        shape[2] = Math.Abs(dy);
        Tensor zero = zeros(shape, t.dtype, t.device);
        return dy > 0
            ? cat([rolled.narrow(2, dy, height - dy), zero], 2)
            : cat([zero, rolled.narrow(2, 0, height + dy)], 2);
    }

    /// <summary>
    /// Continuous piecewise-linear functions with F(0) = 0, one per element of a broadcast shape:
    /// F(x) = a₀ x + Σ_m Δ_m (max(0, x − β_m) − max(0, −β_m)), breakpoints β (one of them 0, the others N(0, 1) like
    /// the inputs, i.e. at random quantiles) and slopes a₀ … a₅ ~ N(0, 1) per segment, Δ_m = a_{m+1} − a_m.
    /// </summary>
    internal sealed class PiecewiseLinear : IDisposable
    {
        private readonly Tensor _first;
        private readonly Tensor _breaks;
        private readonly Tensor _steps;
        private readonly Tensor _atZero;

        private PiecewiseLinear(Tensor first, Tensor breaks, Tensor steps, Tensor atZero)
        {
            (_first, _breaks, _steps, _atZero) = (first, breaks, steps, atZero);
        }

        /// <summary>Draws one function per element of <paramref name="shape"/> (e.g. <c>[1, C, 1, 1]</c>).</summary>
        public static PiecewiseLinear Draw(Random random, long[] shape)
        {
            int count = (int)shape.Aggregate(1L, (a, b) => a * b);
            float[] first = new float[count];
            float[] breaks = new float[count * Breakpoints];
            float[] steps = new float[count * Breakpoints];
            float[] atZero = new float[count];
            for (int f = 0; f < count; f++)
            {
                double[] b = [0, .. Enumerable.Range(0, Breakpoints - 1).Select(_ => Normal(random))];
                Array.Sort(b);
                double[] slopes = [.. Enumerable.Range(0, Breakpoints + 1).Select(_ => Normal(random))];
                first[f] = (float)slopes[0];
                double zero = 0;
                for (int m = 0; m < Breakpoints; m++)
                {
                    breaks[(f * Breakpoints) + m] = (float)b[m];
                    steps[(f * Breakpoints) + m] = (float)(slopes[m + 1] - slopes[m]);
                    zero += steps[(f * Breakpoints) + m] * Math.Max(0, -(double)breaks[(f * Breakpoints) + m]);
                }

                atZero[f] = (float)zero;
            }

            return new PiecewiseLinear(
                tensor(first, shape),
                tensor(breaks, [.. shape, Breakpoints]),
                tensor(steps, [.. shape, Breakpoints]),
                tensor(atZero, shape));
        }

        /// <summary>F(x) element-wise for x <c>[B, C, H, W]</c>.</summary>
        public Tensor Evaluate(Tensor x)
        {
            using IDisposable scope = NewDisposeScope();
            Tensor hinges = x.unsqueeze(-1).add(_breaks.neg(), KeptScalars.One).relu().mul(_steps).sum([-1L]);
            return x.mul(_first).add(hinges, KeptScalars.One).add(_atZero.neg(), KeptScalars.One).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            _first.Dispose();
            _breaks.Dispose();
            _steps.Dispose();
            _atZero.Dispose();
        }

        /// <summary>A standard normal draw (Box–Muller), from a seeded <see cref="Random"/> so the functions do not depend on libtorch.</summary>
        internal static double Normal(Random random)
        {
            double u = 1 - random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
        }
    }
}
