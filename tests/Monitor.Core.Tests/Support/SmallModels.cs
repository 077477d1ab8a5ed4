using Monitor.Core.Grids;
using Monitor.Core.Transfer;

namespace Monitor.Core.Tests.Support;

/// <summary>Specs of small transfer models on a global 8×12 grid (30° columns), standardised inputs, for runtime tests.</summary>
internal static class SmallModels
{
    public static GridSpec Grid { get; } = new(77, 22, 8, 0, 30, 12);

    public static ModelSpec Spec(Architecture architecture, int width = 4) => new()
    {
        Name = $"small-{architecture}-{width}".ToLowerInvariant(),
        Target = "t2m",
        Inputs = ["msl", "orography", "lsm"],
        Architecture = architecture,
        Width = width,
        Depth = 2,
        Blocks = 1,
        Grid = Grid,
        LatitudePadding = PaddingMode.Reflect,
        LongitudePadding = PaddingMode.Circular,
        Standardisation = new Dictionary<string, Standardisation>
        {
            ["t2m"] = new([280.0], [10.0]),
            ["msl"] = new([101000.0], [1000.0]),
            ["orography"] = new([500.0], [700.0]),
            ["lsm"] = new([0.5], [0.5]),
        },
    };
}
