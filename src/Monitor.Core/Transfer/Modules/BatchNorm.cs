using Monitor.Core.Runtime;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// 2-D batch normalisation with PyTorch's semantics and state-dict keys (<c>weight</c>, <c>bias</c>,
/// <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>; momentum 0.1, ε 1e-5), written on
/// <c>F.batch_norm</c>. TorchSharp's own BatchNorm2d increments its batch counter through an implicitly created
/// <c>Scalar</c>; such temporaries can be finalised by the garbage collector while libtorch still reads them, which
/// crashed a long training run here ("Unknown scalar type" in <c>add_</c>). This one passes a process-lifetime scalar
/// (<see cref="KeptScalars"/>).
/// </summary>
public sealed class BatchNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>Running-statistics momentum (PyTorch's default).</summary>
    public const double Momentum = 0.1;

    /// <summary>Variance stabiliser (PyTorch's default).</summary>
    public const double Epsilon = 1e-5;

    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;
    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;
    [ComponentName(Name = "running_mean")]
    private readonly Tensor _runningMean;
    [ComponentName(Name = "running_var")]
    private readonly Tensor _runningVar;
    [ComponentName(Name = "num_batches_tracked")]
    private readonly Tensor _numBatchesTracked;

    /// <summary>Creates the normalisation for <paramref name="channels"/> channels (γ = 1, β = 0, mean 0, variance 1).</summary>
    public BatchNorm(long channels)
        : base(nameof(BatchNorm))
    {
        _weight = nn.Parameter(ones(channels));
        _bias = nn.Parameter(zeros(channels));
        _runningMean = zeros(channels);
        _runningVar = ones(channels);
        _numBatchesTracked = zeros([], dtype: int64);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (training)
        {
            using (no_grad())
            {
                using Tensor one = ones_like(_numBatchesTracked);
                _numBatchesTracked.add_(one, KeptScalars.OneInteger);
            }
        }

        return nn.functional.batch_norm(input, _runningMean, _runningVar, _weight, _bias, training, Momentum, Epsilon);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _weight.Dispose();
            _bias.Dispose();
            _runningMean.Dispose();
            _runningVar.Dispose();
            _numBatchesTracked.Dispose();
        }

        base.Dispose(disposing);
    }
}
