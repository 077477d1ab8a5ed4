using Monitor.Core.Runtime;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// The linear baseline: an independent linear regression per grid cell on the same (normalised) inputs,
/// y[b, 0, i, j] = Σ_c w[c, i, j] · x[b, c, i, j] + bias[i, j], on its own grid (any size; one weight per cell, so no
/// other). Keys: <c>weight</c> <c>[C, lat, lon]</c>, <c>bias</c> <c>[lat, lon]</c>.
/// </summary>
public sealed class PerCellLinear : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;
    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    /// <summary>Creates the regression with zero coefficients.</summary>
    public PerCellLinear(long inChannels, long latitudes, long longitudes)
        : base(nameof(PerCellLinear))
    {
        _weight = nn.Parameter(zeros(inChannels, latitudes, longitudes));
        _bias = nn.Parameter(zeros(latitudes, longitudes));
        RegisterComponents();
    }

    /// <summary>Coefficients <c>[C, lat, lon]</c>. (Read by the relevance engine.)</summary>
    internal Tensor Weight => _weight;

    /// <summary>Intercepts <c>[lat, lon]</c>. (Read by the relevance engine.)</summary>
    internal Tensor Bias => _bias;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input's grid is not the regression's.</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.shape[2] != _weight.shape[1] || input.shape[3] != _weight.shape[2])
        {
            throw new ArgumentException(
                $"The per-cell linear model has one regression per cell of its {_weight.shape[1]}×{_weight.shape[2]} grid; the input's grid is {input.shape[2]}×{input.shape[3]}.",
                nameof(input));
        }

        using Tensor weighted = input * _weight;
        using Tensor summed = weighted.sum(1, keepdim: true);
        return summed.add(_bias, KeptScalars.One);
    }
}
