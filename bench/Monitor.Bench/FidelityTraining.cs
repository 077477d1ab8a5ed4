using System.Diagnostics;
using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// A plain training loop for the fidelity benchmark: fresh samples every step (no epochs, nothing repeats), MSE loss,
/// AdamW with a cosine learning-rate decay to 2 % of the start, and the per-channel extremes of every training input
/// (z^B's bounds).
/// </summary>
internal static class FidelityTraining
{
    /// <summary>Trains <paramref name="network"/> on <paramref name="samples"/> samples in batches of <paramref name="batch"/>.</summary>
    public static FidelityTrainingResult Train(nn.Module<Tensor, Tensor> network, FidelityProblem problem, int samples, int batch,
        double learningRate, int seed)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Train(network, problem.Fields, problem.Target, problem.Channels, samples, batch, learningRate, seed);
    }

    /// <summary>
    /// Trains <paramref name="network"/> on fresh samples drawn by <paramref name="fields"/> (batch size, generator) with
    /// targets <paramref name="target"/>, <paramref name="channels"/> input channels.
    /// </summary>
    public static FidelityTrainingResult Train(nn.Module<Tensor, Tensor> network, Func<int, Generator, Tensor> fields, Func<Tensor, Tensor> target,
        int channels, int samples, int batch, double learningRate, int seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(target);
        network.train();
        AdamW optimizer = optim.AdamW(network.parameters(), lr: learningRate, weight_decay: 0);
        using var generator = new Generator((ulong)seed);
        int steps = (samples + batch - 1) / batch;
        double[] low = [.. Enumerable.Repeat(double.PositiveInfinity, channels)];
        double[] high = [.. Enumerable.Repeat(double.NegativeInfinity, channels)];
        var log = new List<(int Step, double Loss, double Seconds)>();
        double windowLoss = 0;
        int windowSteps = 0;
        var clock = Stopwatch.StartNew();
        for (int step = 0; step < steps; step++)
        {
            double rate = learningRate * (0.02 + (0.98 * 0.5 * (1 + Math.Cos(Math.PI * step / steps))));
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = rate;
            }

            using IDisposable scope = NewDisposeScope();
            Tensor x = fields(batch, generator);
            Tensor y;
            using (no_grad())
            {
                y = target(x);
                float[] lows = x.amin([0L, 2L, 3L]).data<float>().ToArray();
                float[] highs = x.amax([0L, 2L, 3L]).data<float>().ToArray();
                for (int c = 0; c < channels; c++)
                {
                    low[c] = Math.Min(low[c], lows[c]);
                    high[c] = Math.Max(high[c], highs[c]);
                }
            }

            optimizer.zero_grad();
            Tensor loss = nn.functional.mse_loss(network.call(x), y);
            loss.backward();
            optimizer.step();
            windowLoss += loss.item<float>();
            windowSteps++;
            if ((step + 1) % Math.Max(1, steps / 10) == 0 || step == steps - 1)
            {
                log.Add((step + 1, windowLoss / windowSteps, clock.Elapsed.TotalSeconds));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  step {step + 1}/{steps}: mean MSE {windowLoss / windowSteps:0.00000}, lr {rate:0.0e0}, {clock.Elapsed.TotalSeconds:0} s"));
                windowLoss = 0;
                windowSteps = 0;
            }
        }

        network.eval();
        return new FidelityTrainingResult(steps, steps * batch, clock.Elapsed.TotalSeconds, low, high, log);
    }

    /// <summary>
    /// R² = 1 − Σ(ŷ − y)² / Σ(y − ȳ)² of the network on <paramref name="inputs"/> over every cell, and of the selected totals
    /// Σ_j s_j y_j across samples for each selector.
    /// </summary>
    public static (double Cells, double[] Totals) RSquared(nn.Module<Tensor, Tensor> network, FidelityProblem problem, Tensor inputs,
        IReadOnlyList<Tensor> selectors, int batch)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        using IDisposable scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        var predicted = new List<Tensor>();
        var truth = new List<Tensor>();
        for (long start = 0; start < inputs.shape[0]; start += batch)
        {
            Tensor x = inputs.narrow(0, start, Math.Min(batch, inputs.shape[0] - start));
            predicted.Add(network.call(x).to(float64));
            truth.Add(problem.Target(x).to(float64));
        }

        Tensor yHat = cat(predicted, 0);
        Tensor y = cat(truth, 0);
        double cells = Score(yHat.flatten(), y.flatten());
        double[] totals = [.. selectors.Select(s =>
        {
            Tensor mask = s.to(float64);
            return Score(yHat.mul(mask).sum([1L, 2L, 3L]), y.mul(mask).sum([1L, 2L, 3L]));
        })];
        return (cells, totals);
    }

    private static double Score(Tensor predicted, Tensor actual)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor residual = predicted.add(actual.neg(), Monitor.Core.Runtime.KeptScalars.One);
        Tensor centred = actual.add(actual.mean().neg(), Monitor.Core.Runtime.KeptScalars.One);
        return 1 - (residual.mul(residual).sum().item<double>() / centred.mul(centred).sum().item<double>());
    }
}
