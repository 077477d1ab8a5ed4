using Monitor.Core.Numerics;

namespace Monitor.Core.Regimes;

/// <summary>
/// Fits Euro-Atlantic-style weather regimes (Grams et al., Nature Climate Change 2017; Michel and Rivière, J. Atmos.
/// Sci. 2011): anomalies against a harmonic day-of-year climatology, optional Lanczos low-pass, √cos φ weights, EOFs,
/// k-means in the space of the leading EOFs, composite regime patterns, standardised projection indices and the
/// persistence rule. docs/regimes.md gives the formulas.
/// </summary>
public static class RegimeFitter
{
    /// <summary>Fits a model to <paramref name="sample"/>.</summary>
    /// <exception cref="ArgumentException">Bad options or states; the message names the option or the state.</exception>
    public static RegimeFit Fit(RegimeSample sample, RegimeFitOptions options)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        sample.Validate();
        int n = sample.Times.Count, cells = sample.Grid.CellCount;
        if (n < Math.Max(options.Regimes, options.Eofs) + 1)
        {
            throw new ArgumentException($"{n} states are too few for --eofs {options.Eofs} and --k {options.Regimes}.");
        }

        HarmonicClimatology climatology = HarmonicClimatology.Fit(sample.Times, sample.Fields, options.Harmonics);
        var anomalies = new double[n][];
        Parallel.For(0, n, s =>
        {
            var a = new double[cells];
            climatology.Evaluate(sample.Times[s], a);
            float[] field = sample.Fields[s];
            for (int i = 0; i < cells; i++)
            {
                a[i] = field[i] - a[i];
            }

            anomalies[s] = a;
        });
        if (options.LowPassDays is double cutoff)
        {
            anomalies = LanczosLowPass.Apply(sample.Times, anomalies, cutoff);
        }

        double[] w = RegimeModel.EofWeights(sample.Grid);
        double[][] weighted = [.. anomalies.Select(a => a.Select((v, i) => v * w[i]).ToArray())];
        EofResult eofs = EofAnalysis.Compute(weighted, options.Eofs);
        double[][] pcs = [.. weighted.Select(x => eofs.Project(x))];
        KMeansResult clusters = KMeans.Fit(pcs, new KMeansOptions(options.Regimes, options.Restarts, options.Seed));

        // Regimes numbered by decreasing frequency (ties: cluster order), so R1 is the most common.
        int[] sizes = clusters.Sizes();
        int[] order = [.. Enumerable.Range(0, options.Regimes).OrderByDescending(c => sizes[c]).ThenBy(c => c)];
        var rank = new int[order.Length];
        for (int r = 0; r < order.Length; r++)
        {
            rank[order[r]] = r;
        }

        int[] labels = [.. clusters.Labels.Select(c => rank[c])];
        double[][] centroids = [.. order.Select(c => clusters.Centroids[c])];
        double[][] patterns = Composites(anomalies, labels, options.Regimes);
        string[] ids = [.. Enumerable.Range(0, options.Regimes).Select(RegimeNaming.Id)];
        string[] names = RegimeNaming.NameAll(sample.Grid, patterns);
        var info = new RegimeModelInfo(sample.Variable, sample.Units, sample.Domain, sample.SourceGrid, options,
            sample.Times[0], sample.Times[^1], n, ids, names);

        // Standardise each raw projection by its mean and standard deviation over the fitted period.
        var provisional = new RegimeModel(info, sample.Grid, climatology, eofs, centroids, patterns,
            new double[options.Regimes], [.. Enumerable.Repeat(1.0, options.Regimes)]);
        double[][] raw = [.. anomalies.Select(a => provisional.Projections(a))];
        var mean = new double[options.Regimes];
        var std = new double[options.Regimes];
        for (int r = 0; r < mean.Length; r++)
        {
            mean[r] = raw.Average(p => p[r]);
            double m = mean[r];
            std[r] = Math.Sqrt(raw.Sum(p => (p[r] - m) * (p[r] - m)) / (n - 1));
            if (!(std[r] > 0))
            {
                std[r] = 1;
            }
        }

        var model = new RegimeModel(info, sample.Grid, climatology, eofs, centroids, patterns, mean, std);
        double[][] indices = [.. raw.Select(p => p.Select((v, r) => (v - mean[r]) / std[r]).ToArray())];
        int[] assigned = options.Persistence.Assign(sample.Times, indices);
        var entries = new RegimeHistoryEntry[n];
        for (int s = 0; s < n; s++)
        {
            entries[s] = new RegimeHistoryEntry(sample.Times[s], assigned[s] < 0 ? RegimeHistory.NoRegime : ids[assigned[s]],
                labels[s], indices[s], pcs[s]);
        }

        return new RegimeFit(model, new RegimeHistory(ids, names, entries), clusters.Inertia);
    }

    private static double[][] Composites(double[][] anomalies, int[] labels, int k)
    {
        int cells = anomalies[0].Length;
        var sums = new double[k][];
        var counts = new int[k];
        for (int r = 0; r < k; r++)
        {
            sums[r] = new double[cells];
        }

        for (int s = 0; s < anomalies.Length; s++)
        {
            counts[labels[s]]++;
            double[] sum = sums[labels[s]], a = anomalies[s];
            for (int i = 0; i < cells; i++)
            {
                sum[i] += a[i];
            }
        }

        for (int r = 0; r < k; r++)
        {
            for (int i = 0; i < cells; i++)
            {
                sums[r][i] /= Math.Max(1, counts[r]);
            }
        }

        return sums;
    }
}
