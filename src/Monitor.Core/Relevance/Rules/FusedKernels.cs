using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// The element-wise parts of the relevance rules, each fused into one pass over the tensors' memory. At our layer
/// widths libtorch's chain of separate element-wise operations (stabiliser, sign masks, division, products) cost as much
/// as the convolution they surround (docs/benchmarks.md, relevance-speed). Tensors are float32 or float64 and are
/// made contiguous (a GPU's tensors are copied to the host and back); values shaped <c>[1 or K, C, …]</c> broadcast against relevance <c>[K, C, …]</c>; a bias has one
/// entry per channel. The arithmetic is the rules' own (Montavon et al. 2019), tested against the tensor expressions.
/// </summary>
internal static class FusedKernels
{
    /// <summary>
    /// From this many elements a pass is split over the cores in equal ranges of planes; below it one thread is faster
    /// (measured on W1 layers of 65,536 values: thread hand-off and scheduling on shared cores cost more than the pass).
    /// </summary>
    private const long ParallelThreshold = 1 << 19;

    /// <summary>
    /// The stabiliser of the rules' denominators, z + ε·sign(z) with sign(0) = +1, so the result is never 0 for ε &gt; 0.
    /// For ε = 0 (LRP-0) only a z that is exactly 0 is replaced by <see cref="LrpRule.DefaultStabiliser"/>: such a
    /// neuron's relevance above is then 0 as well in our LeakyReLU networks, and 0/0 would otherwise spread NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Stabilise<T>(T z, double epsilon)
        where T : IFloatingPointIeee754<T>
        => epsilon == 0
            ? (z == T.Zero ? T.CreateChecked(LrpRule.DefaultStabiliser) : z)
            : z + (z >= T.Zero ? T.CreateChecked(epsilon) : -T.CreateChecked(epsilon));

    /// <summary>s = R / stabilised(z).</summary>
    public static Tensor Divide(Tensor relevance, Tensor z, double epsilon)
    {
        Tensor share = NewLike(relevance);
        Run(relevance, [z], [share],
            (planes, from, to) => DivideRange<float>(planes, from, to, epsilon),
            (planes, from, to) => DivideRange<double>(planes, from, to, epsilon));
        return share;
    }

    /// <summary>
    /// The proportional split of a residual sum z = a + b: R_a = a·R / stabilised(z), R_b = b·R / stabilised(z).
    /// </summary>
    public static (Tensor First, Tensor Second) SplitSum(Tensor relevance, Tensor first, Tensor second, Tensor sum, double epsilon)
    {
        Tensor toFirst = NewLike(relevance), toSecond = NewLike(relevance);
        Run(relevance, [first, second, sum], [toFirst, toSecond],
            (planes, from, to) => SplitRange<float>(planes, from, to, epsilon),
            (planes, from, to) => SplitRange<double>(planes, from, to, epsilon));
        return (toFirst, toSecond);
    }

    /// <summary>
    /// The sign-aware γ rule's shares (see <see cref="GammaRule"/>): with σ = sign(z) (+1 at 0) and M = Σ|a||w|, the
    /// denominator d = z + γ/2·((z − b) + σM) + γ·b^σ stabilised; returns s = R / d and σ·s. The bias has one entry
    /// per channel, or per cell for <see cref="LinearLayerKind.PerCell"/>.
    /// </summary>
    public static (Tensor Share, Tensor SignedShare) GammaShare(
        LinearLayerKind kind, Tensor relevance, Tensor z, Tensor magnitude, Tensor? bias, double gamma, double stabiliser)
    {
        bool perCell = kind == LinearLayerKind.PerCell;
        long expected = perCell ? (relevance.dim() > 2 ? relevance.shape[2..].Aggregate(1L, (a, b) => a * b) : 1) : relevance.shape[1];
        if (bias is not null && bias.numel() != expected)
        {
            throw new ArgumentException($"A bias of {bias.numel()} values does not fit a {kind} layer's output [{string.Join(", ", relevance.shape)}].", nameof(bias));
        }

        using Tensor flat = bias is null ? zeros(expected, float64) : bias.to(float64).flatten().OnHost();
        double[] biases = flat.data<double>().ToArray();
        Tensor share = NewLike(relevance), signed = NewLike(relevance);
        Run(relevance, [z, magnitude], [share, signed],
            (planes, from, to) => GammaShareRange<float>(planes, from, to, biases, perCell, gamma, stabiliser),
            (planes, from, to) => GammaShareRange<double>(planes, from, to, biases, perCell, gamma, stabiliser));
        return (share, signed);
    }

    /// <summary>
    /// The sign-aware γ rule's result R = (1 + γ/2)·a ⊙ c₁ + (γ/2)·|a| ⊙ c₂, written into <paramref name="direct"/>
    /// (c₁ = Wᵀs, c₂ = |W|ᵀ(σs), both batch K) and returned.
    /// </summary>
    public static Tensor GammaCombine(Tensor input, Tensor direct, Tensor amplified, double gamma)
    {
        Run(direct, [input, amplified], [direct],
            (planes, from, to) => GammaCombineRange<float>(planes, from, to, gamma),
            (planes, from, to) => GammaCombineRange<double>(planes, from, to, gamma));
        return direct;
    }

    /// <summary>
    /// Sums the cells of <paramref name="source"/> <c>[B, C, h, w]</c> onto the cells they map to in
    /// <paramref name="target"/> <c>[B, C, rows, columns]</c> (zeroed first): source row i goes to target row
    /// <paramref name="rowTargets"/>[i], source column j to <paramref name="columnTargets"/>[j] (the adjoint of a padding
    /// or of any copy of cells). One pass; contiguous float32 or float64 tensors of one type.
    /// </summary>
    public static void ScatterAdd(Tensor source, Tensor target, int[] rowTargets, int[] columnTargets)
    {
        if (source.dtype != target.dtype || !source.is_contiguous() || !target.is_contiguous() || source.dtype is not (ScalarType.Float32 or ScalarType.Float64))
        {
            throw new ArgumentException($"ScatterAdd takes contiguous float32 or float64 tensors of one type; got {source.dtype} and {target.dtype}.");
        }

        if (source.device_type != TorchSharp.DeviceType.CPU || target.device_type != TorchSharp.DeviceType.CPU)
        {
            // Host code, as in Run: on host copies, the result copied back.
            using IDisposable scope = NewDisposeScope();
            Tensor hostTarget = target.cpu();
            ScatterAdd(source.cpu(), hostTarget, rowTargets, columnTargets);
            target.copy_(hostTarget);
            return;
        }

        long planes = source.shape[0] * source.shape[1];
        if (target.shape[0] * target.shape[1] != planes || rowTargets.Length != source.shape[2] || columnTargets.Length != source.shape[3])
        {
            throw new ArgumentException($"ScatterAdd maps [{string.Join(", ", source.shape)}] onto [{string.Join(", ", target.shape)}] with {rowTargets.Length}×{columnTargets.Length} targets.");
        }

        // Source columns in runs that land on consecutive target columns (the interior of a padding is one run).
        var runs = new List<(int From, int To, int Length)>();
        for (int j = 0; j < columnTargets.Length; j++)
        {
            if (runs.Count > 0 && runs[^1].From + runs[^1].Length == j && runs[^1].To + runs[^1].Length == columnTargets[j])
            {
                runs[^1] = (runs[^1].From, runs[^1].To, runs[^1].Length + 1);
            }
            else
            {
                runs.Add((j, columnTargets[j], 1));
            }
        }

        (int From, int To, int Length)[] columnRuns = [.. runs];
        var map = new ScatterMap(Address(source), Address(target), source.shape[2] * source.shape[3], target.shape[2] * target.shape[3],
            (int)source.shape[3], (int)target.shape[3], rowTargets, columnRuns);
        Action<long, long> pass = source.dtype == ScalarType.Float32 ? (from, to) => ScatterRange<float>(map, from, to) : (from, to) => ScatterRange<double>(map, from, to);
        InRanges(planes, source.numel(), pass);
    }

    /// <summary>
    /// Runs <paramref name="pass"/> over [0, <paramref name="planes"/>): in one range below
    /// <see cref="ParallelThreshold"/> <paramref name="elements"/>, else in equal ranges, one per core.
    /// </summary>
    private static void InRanges(long planes, long elements, Action<long, long> pass)
    {
        int parts = elements >= ParallelThreshold ? (int)Math.Min(Environment.ProcessorCount, planes) : 1;
        if (parts == 1)
        {
            pass(0, planes);
        }
        else
        {
            Parallel.For(0, parts, part => pass(planes * part / parts, planes * (part + 1) / parts));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ScatterRange<T>(ScatterMap map, long from, long to)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (long p = from; p < to; p++)
        {
            var source = new Span<T>((T*)map.Source + (p * map.SourcePlane), (int)map.SourcePlane);
            var target = new Span<T>((T*)map.Target + (p * map.TargetPlane), (int)map.TargetPlane);
            target.Clear();
            for (int i = 0; i < map.RowTargets.Length; i++)
            {
                Span<T> sourceRow = source.Slice(i * map.SourceColumns, map.SourceColumns);
                Span<T> targetRow = target.Slice(map.RowTargets[i] * map.TargetColumns, map.TargetColumns);
                foreach ((int From, int To, int Length) run in map.ColumnRuns)
                {
                    Span<T> s = sourceRow.Slice(run.From, run.Length), t = targetRow.Slice(run.To, run.Length);
                    int k = 0;
                    if (Vector.IsHardwareAccelerated)
                    {
                        for (; k <= run.Length - Vector<T>.Count; k += Vector<T>.Count)
                        {
                            (new Vector<T>(t[k..]) + new Vector<T>(s[k..])).CopyTo(t[k..]);
                        }
                    }

                    for (; k < run.Length; k++)
                    {
                        t[k] += s[k];
                    }
                }
            }
        }
    }

    private static Tensor NewLike(Tensor relevance) => empty(relevance.shape, relevance.dtype, relevance.device);

    /// <summary>
    /// Runs the float32 or float64 pass over ranges of the planes (one per batch item and channel) of <paramref name="relevance"/>,
    /// with each value tensor's matching plane (plane modulo its own plane count, which broadcasts a batch of 1).
    /// </summary>
    private static void Run(Tensor relevance, Tensor[] values, Tensor[] outputs, Action<Planes, long, long> float32Pass, Action<Planes, long, long> float64Pass)
    {
        if (relevance.dtype is not (ScalarType.Float32 or ScalarType.Float64))
        {
            throw new NotSupportedException($"The relevance rules run on tensors of float32 or float64; got {relevance.dtype}.");
        }

        if (relevance.device_type != TorchSharp.DeviceType.CPU)
        {
            // The passes are host code: a GPU's tensors are copied to the host, and the results back (docs/gpu.md).
            using IDisposable scope = NewDisposeScope();
            Tensor[] hostOutputs = [.. outputs.Select(o => o.cpu())];
            Run(relevance.cpu(), [.. values.Select(v => v.cpu())], hostOutputs, float32Pass, float64Pass);
            for (int i = 0; i < outputs.Length; i++)
            {
                outputs[i].copy_(hostOutputs[i]);
            }

            return;
        }

        long planeSize = relevance.dim() > 2 ? relevance.shape[2..].Aggregate(1L, (a, b) => a * b) : 1;
        // Tensors already contiguous in the right type are used as they are: at W1 sizes each extra handle costs about
        // as much as the pass.
        var converted = new List<Tensor>();
        Tensor Prepared(Tensor t)
        {
            if (t.dtype == relevance.dtype && t.is_contiguous())
            {
                return t;
            }

            Tensor copy = t.to(relevance.dtype).contiguous();
            converted.Add(copy);
            return copy;
        }

        Tensor contiguousRelevance = Prepared(relevance);
        Tensor[] contiguousValues = [.. values.Select(Prepared)];
        try
        {
            foreach (Tensor v in contiguousValues)
            {
                // Same shape but the batch, which is 1 (broadcast) or the relevance's.
                if (v.dim() != relevance.dim() || !v.shape.AsSpan(1).SequenceEqual(relevance.shape.AsSpan(1)) || (v.shape[0] != 1 && v.shape[0] != relevance.shape[0]))
                {
                    throw new ArgumentException(
                        $"A value [{string.Join(", ", v.shape)}] does not broadcast against relevance [{string.Join(", ", relevance.shape)}].");
                }
            }

            var planes = new Planes(
                Address(contiguousRelevance),
                [.. contiguousValues.Select(Address)],
                [.. contiguousValues.Select(v => v.numel() / planeSize)],
                [.. outputs.Select(Address)],
                relevance.numel() / planeSize,
                planeSize,
                relevance.dim() > 1 ? relevance.shape[1] : 1);
            Action<Planes, long, long> pass = relevance.dtype == ScalarType.Float32 ? float32Pass : float64Pass;
            InRanges(planes.Count, planes.Count * planes.Size, (from, to) => pass(planes, from, to));
        }
        finally
        {
            foreach (Tensor copy in converted)
            {
                copy.Dispose();
            }
        }
    }

    private static unsafe IntPtr Address(Tensor t)
    {
        if (!t.is_contiguous())
        {
            throw new ArgumentException("A fused kernel's output must be contiguous.", nameof(t));
        }

        return (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DivideRange<T>(Planes planes, long from, long to, double epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (long p = from; p < to; p++)
        {
            Span<T> r = planes.Relevance<T>(p), z = planes.Value<T>(0, p), s = planes.Output<T>(0, p);
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i <= r.Length - Vector<T>.Count; i += Vector<T>.Count)
                {
                    Vector<T> denominator = StabiliseVector(new Vector<T>(z[i..]), epsilon);
                    (new Vector<T>(r[i..]) / denominator).CopyTo(s[i..]);
                }
            }

            for (; i < r.Length; i++)
            {
                s[i] = r[i] / Stabilise(z[i], epsilon);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SplitRange<T>(Planes planes, long from, long to, double epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (long p = from; p < to; p++)
        {
            Span<T> r = planes.Relevance<T>(p), a = planes.Value<T>(0, p), b = planes.Value<T>(1, p), z = planes.Value<T>(2, p);
            Span<T> ra = planes.Output<T>(0, p), rb = planes.Output<T>(1, p);
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i <= r.Length - Vector<T>.Count; i += Vector<T>.Count)
                {
                    Vector<T> share = new Vector<T>(r[i..]) / StabiliseVector(new Vector<T>(z[i..]), epsilon);
                    (new Vector<T>(a[i..]) * share).CopyTo(ra[i..]);
                    (new Vector<T>(b[i..]) * share).CopyTo(rb[i..]);
                }
            }

            for (; i < r.Length; i++)
            {
                T share = r[i] / Stabilise(z[i], epsilon);
                ra[i] = a[i] * share;
                rb[i] = b[i] * share;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GammaShareRange<T>(Planes planes, long from, long to, double[] biases, bool perCell, double gamma, double stabiliser)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] bias = [.. biases.Select(T.CreateChecked)];
        T g = T.CreateChecked(gamma), halfGamma = T.CreateChecked(gamma / 2), scale = T.One + halfGamma;
        for (long p = from; p < to; p++)
        {
            Span<T> r = planes.Relevance<T>(p), z = planes.Value<T>(0, p), m = planes.Value<T>(1, p);
            Span<T> s = planes.Output<T>(0, p), signed = planes.Output<T>(1, p);
            T channelBias = perCell ? T.Zero : bias[planes.Channel(p)];

            // d = z + γ/2·((z − b) + σM) + γ·b^σ = (1 + γ/2)·z + σ·γ/2·M + (γ·b^σ − γ/2·b)
            int i = 0;
            if (Vector.IsHardwareAccelerated && !perCell)
            {
                var vScale = new Vector<T>(scale);
                var vHalfGamma = new Vector<T>(halfGamma);
                var vOffsetUp = new Vector<T>((g * T.Max(channelBias, T.Zero)) - (halfGamma * channelBias));
                var vOffsetDown = new Vector<T>((g * T.Min(channelBias, T.Zero)) - (halfGamma * channelBias));
                for (; i <= r.Length - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var vz = new Vector<T>(z[i..]);
                    Vector<T> up = Vector.GreaterThanOrEqual(vz, Vector<T>.Zero);
                    Vector<T> sign = Vector.ConditionalSelect(up, Vector<T>.One, -Vector<T>.One);
                    Vector<T> denominator = (vScale * vz) + (sign * vHalfGamma * new Vector<T>(m[i..]))
                        + Vector.ConditionalSelect(up, vOffsetUp, vOffsetDown);
                    Vector<T> share = new Vector<T>(r[i..]) / StabiliseVector(denominator, stabiliser);
                    share.CopyTo(s[i..]);
                    (sign * share).CopyTo(signed[i..]);
                }
            }

            for (; i < r.Length; i++)
            {
                T b = perCell ? bias[i] : channelBias;
                bool up = z[i] >= T.Zero;
                T sign = up ? T.One : -T.One;
                T offset = (g * (up ? T.Max(b, T.Zero) : T.Min(b, T.Zero))) - (halfGamma * b);
                T denominator = (scale * z[i]) + (sign * halfGamma * m[i]) + offset;
                T share = r[i] / Stabilise(denominator, stabiliser);
                s[i] = share;
                signed[i] = sign * share;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GammaCombineRange<T>(Planes planes, long from, long to, double gamma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T direct = T.CreateChecked(1 + (gamma / 2)), amplified = T.CreateChecked(gamma / 2);
        for (long p = from; p < to; p++)
        {
            Span<T> c1 = planes.Relevance<T>(p), a = planes.Value<T>(0, p), c2 = planes.Value<T>(1, p), result = planes.Output<T>(0, p);
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var vDirect = new Vector<T>(direct);
                var vAmplified = new Vector<T>(amplified);
                for (; i <= c1.Length - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var va = new Vector<T>(a[i..]);
                    ((vDirect * va * new Vector<T>(c1[i..])) + (vAmplified * Vector.Abs(va) * new Vector<T>(c2[i..]))).CopyTo(result[i..]);
                }
            }

            for (; i < c1.Length; i++)
            {
                result[i] = (direct * a[i] * c1[i]) + (amplified * T.Abs(a[i]) * c2[i]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> StabiliseVector<T>(Vector<T> z, double epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (epsilon == 0)
        {
            return Vector.ConditionalSelect(Vector.Equals(z, Vector<T>.Zero), new Vector<T>(T.CreateChecked(LrpRule.DefaultStabiliser)), z);
        }

        var e = new Vector<T>(T.CreateChecked(epsilon));
        return z + Vector.ConditionalSelect(Vector.GreaterThanOrEqual(z, Vector<T>.Zero), e, -e);
    }

    /// <summary>Planes of a <see cref="ScatterAdd"/>: addresses, plane and row sizes, and where rows and column runs go.</summary>
    private sealed record ScatterMap(IntPtr Source, IntPtr Target, long SourcePlane, long TargetPlane, int SourceColumns, int TargetColumns,
        int[] RowTargets, (int From, int To, int Length)[] ColumnRuns);

    /// <summary>Addresses of contiguous tensors seen as planes of <see cref="Size"/> elements.</summary>
    private sealed record Planes(IntPtr RelevanceAddress, IntPtr[] ValueAddresses, long[] ValuePlanes, IntPtr[] OutputAddresses, long Count, long Size, long Channels)
    {
        public long Channel(long plane) => plane % Channels;

        public Span<T> Relevance<T>(long plane)
            where T : unmanaged => At<T>(RelevanceAddress, plane);

        public Span<T> Value<T>(int value, long plane)
            where T : unmanaged => At<T>(ValueAddresses[value], plane % ValuePlanes[value]);

        public Span<T> Output<T>(int output, long plane)
            where T : unmanaged => At<T>(OutputAddresses[output], plane);

        private unsafe Span<T> At<T>(IntPtr address, long plane)
            where T : unmanaged => new((T*)address + (plane * Size), (int)Size);
    }
}
