using Monitor.Core.Grids;
using Monitor.Core.Synthetic;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>Every variable of one lead, <c>[variable, lat, lon]</c> in <see cref="AtmosphereModel.Variables"/> order.</summary>
internal sealed class ModelOutput(GridSpec grid, float[] block)
{
    public static readonly VariableId T2m = new("t2m");
    public static readonly VariableId U10 = new("u10");
    public static readonly VariableId V10 = new("v10");
    public static readonly VariableId Msl = new("msl");
    public static readonly VariableId Tcc = new("tcc");
    public static readonly VariableId Tp = new("tp");
    public static readonly VariableId Tisr = new("tisr");
    public static readonly VariableId Z500 = new("z", 500);

    public GridSpec Grid => grid;

    /// <summary>One field <c>[lat, lon]</c>.</summary>
    public ReadOnlySpan<float> this[VariableId variable]
    {
        get
        {
            int index = AtmosphereModel.Variables.ToList().IndexOf(variable);
            Assert.True(index >= 0, $"{variable} is not a model variable");
            return block.AsSpan(index * grid.CellCount, grid.CellCount);
        }
    }

    /// <summary>10 m wind speed (m s⁻¹) at every cell.</summary>
    public float[] WindSpeed()
    {
        ReadOnlySpan<float> u = this[U10], v = this[V10];
        var speed = new float[u.Length];
        for (int i = 0; i < speed.Length; i++)
        {
            speed[i] = MathF.Sqrt((u[i] * u[i]) + (v[i] * v[i]));
        }

        return speed;
    }
}
