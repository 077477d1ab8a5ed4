using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// The synthetic problem of the fidelity benchmark v2: four inputs (u, v, T, S) on a global grid (longitude periodic)
/// or a regional one (no wrap), each the reference state x_ref (a smooth "climatology" per channel, not 0) plus an
/// anomaly that shares a common random field with the other channels (correlated inputs). The target adds an additive
/// part, Σ_c Σ_{o ∈ 3×3} F_{c,o}(x_{c,j+o}) with piecewise-linear F as in v1 (<see cref="FidelityProblem"/>), and an
/// advection-like interaction −(u_j δ_x T_j + v_j δ_y T_j), δ central differences (longitude wraps on the global grid,
/// edges replicate otherwise); each part is scaled to unit variance, y = (A/σ_A + B/σ_B)/√2.
/// <para>
/// The truth is the exact integrated gradients of the true function from x_ref (see docs/relevance.md, "Ground-truth
/// fidelity"): F(x_i) − F(x_ref,i) for the additive terms; for a product u·g with g = δT linear in T, along the straight
/// path, Δu ⊙ (g + g_ref)/2 to u and ΔT ⊙ δᵀ(s ⊙ (u + u_ref)/2) to T, which is also the two-player Shapley value.
/// </para>
/// </summary>
internal sealed class Fidelity2Problem : IDisposable
{
    /// <summary>Input channels: u, v, T, S.</summary>
    public const int Channels = 4;

    private const int Radius = 1;

    private readonly List<FidelityProblem.PiecewiseLinear> _functions = [];
    private readonly Tensor _kernel;
    private readonly Tensor _reference;
    private readonly int _margin;
    private readonly double _own;
    private readonly double _common;

    /// <summary>Draws the functions and the reference state (seeded) and calibrates σ_A, σ_B on 500 fields.</summary>
    /// <param name="height">Rows H.</param>
    /// <param name="width">Columns W.</param>
    /// <param name="global">Longitude periodic (global grid) or not (regional grid).</param>
    /// <param name="correlation">ρ between any two channels' anomalies (the common component's variance share).</param>
    /// <param name="seed">Seed of the functions, the reference state and the calibration fields.</param>
    public Fidelity2Problem(int height, int width, bool global, double correlation, int seed)
    {
        Height = height;
        Width = width;
        Global = global;
        Correlation = correlation;
        _own = Math.Sqrt(1 - correlation);
        _common = Math.Sqrt(correlation);
        const double smoothing = 1.5;
        _margin = (int)Math.Ceiling(3 * smoothing);
        double[] kernel = [.. Enumerable.Range(-_margin, (2 * _margin) + 1).Select(t => Math.Exp(-(double)t * t / (2 * smoothing * smoothing)))];
        double norm = Math.Sqrt(kernel.Sum(k => k * k));
        _kernel = tensor(kernel.Select(k => (float)(k / norm)).ToArray(), [1, 1, kernel.Length]);

        var random = new Random(seed);
        for (int o = 0; o < Neighbourhood * Neighbourhood; o++)
        {
            _functions.Add(FidelityProblem.PiecewiseLinear.Draw(random, [1, Channels, 1, 1]));
        }

        // x_ref: a latitude wave plus a longitude wave per channel, amplitudes 0.5–1 (σ units of the anomalies);
        // one zonal wavenumber on the global grid (periodic), any phase on the regional one.
        float[] reference = new float[Channels * height * width];
        for (int c = 0; c < Channels; c++)
        {
            double a = 0.5 + (0.5 * random.NextDouble()), b = 0.5 + (0.5 * random.NextDouble());
            double k = 1 + random.Next(2), phaseY = 2 * Math.PI * random.NextDouble(), phaseX = 2 * Math.PI * random.NextDouble();
            for (int i = 0; i < height; i++)
            {
                for (int j = 0; j < width; j++)
                {
                    reference[(((c * height) + i) * width) + j] = (float)((a * Math.Sin((Math.PI * k * (i + 0.5) / height) + phaseY))
                        + (b * Math.Cos((2 * Math.PI * (j + 0.5) / width) + phaseX)));
                }
            }
        }

        _reference = tensor(reference, [1, Channels, height, width]);
        using IDisposable scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed + 7919);
        Tensor x = Fields(500, generator);
        SigmaAdditive = Additive(x).to(float64).std().item<double>();
        SigmaAdvection = Advection(x).to(float64).std().item<double>();
    }

    /// <summary>Rows H.</summary>
    public int Height { get; }

    /// <summary>Columns W.</summary>
    public int Width { get; }

    /// <summary>Longitude periodic.</summary>
    public bool Global { get; }

    /// <summary>ρ between the anomalies of any two channels.</summary>
    public double Correlation { get; }

    /// <summary>σ_A of the additive part (calibration fields, all cells pooled).</summary>
    public double SigmaAdditive { get; }

    /// <summary>σ_B of the advection part.</summary>
    public double SigmaAdvection { get; }

    /// <summary>The reference state x_ref <c>[1, C, H, W]</c>: the inputs' expectation ("climatology").</summary>
    public Tensor Reference => _reference;

    private static int Neighbourhood => (2 * Radius) + 1;

    /// <summary>
    /// <paramref name="batch"/> inputs <c>[B, C, H, W]</c>: x_ref + √(1−ρ) z_c + √ρ z_common, each z white noise smoothed
    /// by a Gaussian (σ = 1.5 cells, unit L2 norm, so N(0, 1) per cell), wrapped in longitude on the global grid and
    /// drawn on a margin beyond every regional edge.
    /// </summary>
    public Tensor Fields(int batch, Generator generator)
    {
        using IDisposable scope = NewDisposeScope();
        int n = batch * (Channels + 1);
        Tensor noise = randn([n, 1, Height + (2 * _margin), Width + (Global ? 0 : 2 * _margin)], generator: generator);
        if (Global)
        {
            noise = cat([noise.narrow(3, Width - _margin, _margin), noise, noise.narrow(3, 0, _margin)], 3);
        }

        Tensor rows = nn.functional.conv2d(noise, _kernel.view(1, 1, -1, 1));
        Tensor smooth = nn.functional.conv2d(rows, _kernel.view(1, 1, 1, -1)).reshape(batch, Channels + 1, Height, Width);
        Tensor own = smooth.narrow(1, 0, Channels).mul(_own);
        Tensor common = smooth.narrow(1, Channels, 1).mul(_common);
        return own.add(common, KeptScalars.One).add(_reference, KeptScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>The target y <c>[B, 1, H, W]</c>; differentiable in x.</summary>
    public Tensor Target(Tensor x)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor a = Additive(x).mul(1 / (SigmaAdditive * Math.Sqrt(2)));
        Tensor b = Advection(x).mul(1 / (SigmaAdvection * Math.Sqrt(2)));
        return a.add(b, KeptScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The true attribution <c>[B, C, H, W]</c> (float64) of Σ s ⊙ (y(x) − y(x_ref)) for weights <paramref name="selector"/>
    /// <c>[1 or B, 1, H, W]</c>: exact integrated gradients of the true function from x_ref; sums to that difference.
    /// </summary>
    public Tensor Truth(Tensor x, Tensor selector)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor x64 = x.to(float64), r64 = _reference.to(float64).expand_as(x64), s = selector.to(float64);

        // Additive: contribution of x_{c,i} is Σ_o s_{i−o} (F_{c,o}(x_{c,i}) − F_{c,o}(x_ref,c,i)).
        Tensor? additive = null;
        int o = 0;
        foreach ((int dy, int dx) in Offsets)
        {
            Tensor change = _functions[o++].Evaluate(x64).add(_functions[o - 1].Evaluate(r64).neg(), KeptScalars.One);
            Tensor term = change.mul(ShiftZero(s, -dy, -dx));
            additive = additive is null ? term : additive.add(term, KeptScalars.One);
        }

        // Advection −(u δx T + v δy T): u gets −s Δu (δx T + δx T_ref)/2, v likewise with δy, T gets ΔT ⊙ ∂/∂T of
        // −Σ s (ū δx T + v̄ δy T) with ū, v̄ the path means (u + u_ref)/2 — a linear function of T, so autograd is exact.
        Tensor delta = x64.add(r64.neg(), KeptScalars.One);
        (Tensor u, Tensor v, Tensor t) = (x64.narrow(1, 0, 1), x64.narrow(1, 1, 1), x64.narrow(1, 2, 1));
        (Tensor uRef, Tensor vRef, Tensor tRef) = (r64.narrow(1, 0, 1), r64.narrow(1, 1, 1), r64.narrow(1, 2, 1));
        Tensor meanDx = DiffX(t).add(DiffX(tRef), KeptScalars.One).mul(0.5);
        Tensor meanDy = DiffY(t).add(DiffY(tRef), KeptScalars.One).mul(0.5);
        Tensor uBar = u.add(uRef, KeptScalars.One).mul(0.5), vBar = v.add(vRef, KeptScalars.One).mul(0.5);
        Tensor ru = s.mul(delta.narrow(1, 0, 1)).mul(meanDx).neg();
        Tensor rv = s.mul(delta.narrow(1, 1, 1)).mul(meanDy).neg();
        Tensor adjoint;
        using (enable_grad())
        {
            Tensor leaf = zeros_like(t).requires_grad_(true);
            Tensor linear = s.mul(uBar.mul(DiffX(leaf)).add(vBar.mul(DiffY(leaf)), KeptScalars.One)).sum().neg();
            adjoint = autograd.grad([linear], [leaf])[0].detach();
        }

        Tensor rt = delta.narrow(1, 2, 1).mul(adjoint);
        Tensor advection = cat([ru, rv, rt, zeros_like(ru)], 1);
        return additive!.mul(1 / (SigmaAdditive * Math.Sqrt(2)))
            .add(advection.mul(1 / (SigmaAdvection * Math.Sqrt(2))), KeptScalars.One).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (FidelityProblem.PiecewiseLinear function in _functions)
        {
            function.Dispose();
        }

        _kernel.Dispose();
        _reference.Dispose();
    }

    private static List<(int Dy, int Dx)> Offsets =>
        [.. from dy in Enumerable.Range(-Radius, Neighbourhood) from dx in Enumerable.Range(-Radius, Neighbourhood) select (dy, dx)];

    /// <summary>Σ_c Σ_o F_{c,o}(x_{c,j+o}), neighbours beyond an edge left out (longitude wraps on the global grid).</summary>
    private Tensor Additive(Tensor x)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor? sum = null;
        int o = 0;
        foreach ((int dy, int dx) in Offsets)
        {
            Tensor term = ShiftZero(_functions[o++].Evaluate(x), dy, dx);
            sum = sum is null ? term : sum.add(term, KeptScalars.One);
        }

        return sum!.sum([1L], keepdim: true).MoveToOuterDisposeScope();
    }

    /// <summary>−(u δx T + v δy T) <c>[B, 1, H, W]</c>.</summary>
    private Tensor Advection(Tensor x)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor t = x.narrow(1, 2, 1);
        return x.narrow(1, 0, 1).mul(DiffX(t)).add(x.narrow(1, 1, 1).mul(DiffY(t)), KeptScalars.One).neg().MoveToOuterDisposeScope();
    }

    /// <summary>(T_{j+1} − T_{j−1})/2 along longitude: wraps on the global grid, the edge value repeated otherwise.</summary>
    private Tensor DiffX(Tensor t) => Global
        ? t.roll(-1, 3).add(t.roll(1, 3).neg(), KeptScalars.One).mul(0.5)
        : ShiftClamp(t, 3, 1).add(ShiftClamp(t, 3, -1).neg(), KeptScalars.One).mul(0.5);

    /// <summary>(T_{i+1} − T_{i−1})/2 along latitude, the edge row repeated.</summary>
    private static Tensor DiffY(Tensor t) => ShiftClamp(t, 2, 1).add(ShiftClamp(t, 2, -1).neg(), KeptScalars.One).mul(0.5);

    /// <summary>result[…, k] = t[…, clamp(k + d)] along <paramref name="dim"/>.</summary>
    private static Tensor ShiftClamp(Tensor t, int dim, int d)
    {
        long n = t.shape[dim];
        return d > 0
            ? cat([t.narrow(dim, d, n - d), t.narrow(dim, n - 1, 1).expand(ShapeWith(t, dim, d))], dim)
            : cat([t.narrow(dim, 0, 1).expand(ShapeWith(t, dim, -d)), t.narrow(dim, 0, n + d)], dim);
    }

    /// <summary>result[…, i, j] = t[…, i + dy, j + dx]; 0 beyond an edge, longitude wrapping on the global grid.</summary>
    private Tensor ShiftZero(Tensor t, int dy, int dx)
    {
        Tensor result = t;
        if (dx != 0)
        {
            result = Global ? result.roll(-dx, 3) : ZeroShift(result, 3, dx);
        }

        return dy == 0 ? result : ZeroShift(result, 2, dy);
    }

    private static Tensor ZeroShift(Tensor t, int dim, int d)
    {
        long n = t.shape[dim];
        Tensor zero = zeros(ShapeWith(t, dim, Math.Abs(d)), t.dtype, t.device);
        return d > 0 ? cat([t.narrow(dim, d, n - d), zero], dim) : cat([zero, t.narrow(dim, 0, n + d)], dim);
    }

    private static long[] ShapeWith(Tensor t, int dim, long size)
    {
        long[] shape = [.. t.shape];
        shape[dim] = size;
        return shape;
    }
}
