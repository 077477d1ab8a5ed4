using System.Globalization;
using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>
/// Builds the static fields (orography, land–sea mask) of a synthetic archive from the ETOPO relief of Debian's
/// <c>ferret-datasets</c> (<see cref="EtopoRelief"/>), or — only when no ETOPO file is there — from
/// <see cref="AnalyticRelief"/>, saying so in <see cref="Geography.Source"/>.
/// </summary>
public static class GeographyBuilder
{
    /// <summary>Where Debian's <c>ferret-datasets</c> installs the ETOPO files.</summary>
    public const string DefaultEtopoDirectory = "/usr/share/ferret-vis/data";

    /// <summary>Source resolution must be at least this many times finer than the target grid spacing.</summary>
    public const double MinimumRefinement = 3.0;

    /// <summary>The ferret ETOPO files, finest first: name and resolution (arc minutes).</summary>
    private static readonly (string Name, int ArcMinutes)[] s_files =
        [("etopo5", 5), ("etopo20", 20), ("etopo40", 40), ("etopo60", 60), ("etopo120", 120)];

    /// <summary>
    /// Orography (m, ≥ 0, ~0 over sea as in ERA5) and land fraction on <paramref name="grid"/>. Uses the coarsest
    /// ETOPO file in <paramref name="etopoDirectory"/> that is still at least <see cref="MinimumRefinement"/> times
    /// finer than the grid spacing (ETOPO5 for 0.25°, ETOPO20 for 1°, ETOPO60 for 5.625°); if the finer files are
    /// missing, the finest one present, and the source says it is coarse. Only when the directory or every file is
    /// missing does it fall back to <see cref="AnalyticRelief"/>, with a source of the form
    /// "analytic fallback: &lt;reason&gt;" for the caller to log. A file that exists but cannot be read throws.
    /// </summary>
    /// <param name="grid">The target grid.</param>
    /// <param name="etopoDirectory">Directory of the <c>etopo*.cdf</c> files; null for <see cref="DefaultEtopoDirectory"/>.</param>
    /// <returns>The fields and their source, e.g. "ETOPO5 (/usr/share/ferret-vis/data/etopo5.cdf)".</returns>
    public static Geography Build(GridSpec grid, string? etopoDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate();
        string directory = etopoDirectory ?? DefaultEtopoDirectory;
        if (!Directory.Exists(directory))
        {
            return new Geography(AnalyticRelief.Build(grid), $"analytic fallback: ETOPO directory {directory} does not exist");
        }

        var present = s_files.Where(f => File.Exists(PathOf(directory, f.Name))).ToArray();
        if (present.Length == 0)
        {
            string names = string.Join(", ", s_files.Select(f => f.Name + ".cdf"));
            return new Geography(AnalyticRelief.Build(grid), $"analytic fallback: none of {names} in {directory}");
        }

        double spacingMinutes = 60 * Math.Min(grid.LatitudeStep > 0 ? grid.LatitudeStep : double.MaxValue,
                                              grid.LongitudeStep > 0 ? grid.LongitudeStep : double.MaxValue);
        var fine = present.Where(f => f.ArcMinutes * MinimumRefinement <= spacingMinutes * (1 + 1e-9)).ToArray();
        var chosen = fine.Length > 0 ? fine[^1] : present[0];
        string path = PathOf(directory, chosen.Name);
        string source = $"{chosen.Name.ToUpperInvariant()} ({path})";
        if (fine.Length == 0)
        {
            source += string.Create(CultureInfo.InvariantCulture,
                $"; coarser than a third of the {spacingMinutes / 60:0.####}° grid spacing: no finer ETOPO file present");
        }

        return new Geography(EtopoRelief.Regrid(path, grid), source);
    }

    private static string PathOf(string directory, string name) => Path.Combine(directory, name + ".cdf");
}
