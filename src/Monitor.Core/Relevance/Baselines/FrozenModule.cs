using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Baselines;

/// <summary>
/// Freezes a module for attribution: every parameter's <c>requires_grad</c> is set to false (autograd then computes
/// input gradients only, about 2× cheaper; docs/platform.md) and the module is put in evaluation mode (no dropout,
/// BatchNorm statistics not updated). <see cref="Dispose"/> restores both.
/// </summary>
internal sealed class FrozenModule : IDisposable
{
    private readonly nn.Module _module;
    private readonly bool _wasTraining;
    private readonly List<(Tensor Parameter, bool RequiresGrad)> _parameters = [];

    /// <summary>Freezes <paramref name="module"/>.</summary>
    public FrozenModule(nn.Module module)
    {
        _module = module;
        _wasTraining = module.training;
        foreach (Tensor parameter in module.parameters())
        {
            _parameters.Add((parameter, parameter.requires_grad));
            parameter.requires_grad_(false);
        }

        module.eval();
    }

    /// <summary>Restores each parameter's <c>requires_grad</c> and the training mode.</summary>
    public void Dispose()
    {
        foreach ((Tensor parameter, bool requiresGrad) in _parameters)
        {
            parameter.requires_grad_(requiresGrad);
        }

        _module.train(_wasTraining);
    }
}
