using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Grids;

public sealed class CycleDataTests
{
    [Fact]
    public void Field_IndexesLeadVariableLatLon()
    {
        CycleData data = SampleCycles.Create(CycleId.Parse("2026112500"), [0, 6, 12], [new("t2m"), new("msl")]);

        Assert.Equal(SampleCycles.Value(12, 1, 3, 4), data.Field(2, 1)[(3 * 5) + 4]);
        Assert.Equal(1, data.IndexOf(new VariableId("msl")));
        Assert.Equal(2, data.IndexOfLead(12));
        Assert.Equal(new DateTime(2026, 11, 25, 6, 0, 0, DateTimeKind.Utc), data.ValidTimes[1]);
    }

    [Fact]
    public void Constructor_WrongBlockLength_NamesShape()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            new CycleData(CycleId.Parse("2026112500"), SampleCycles.Grid, [0], [new("t2m")], new float[3]));

        Assert.Contains("[1 leads, 1 variables, 4×5]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IndexOf_Absent_NamesVariableAndCycle()
    {
        CycleData data = SampleCycles.Create(CycleId.Parse("2026112500"), [0], [new("t2m")]);

        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(() => data.IndexOf(new VariableId("z", 500)));

        Assert.Contains("z500", error.Message, StringComparison.Ordinal);
        Assert.Contains("2026112500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FieldStatistics_SkipNaN()
    {
        FieldStatistics stats = FieldStatistics.Of([1f, float.NaN, 3f]);

        Assert.Equal(1, stats.MissingCount);
        Assert.Equal(2, stats.Mean);
        Assert.Equal(1, stats.Minimum);
        Assert.Equal(3, stats.Maximum);
        Assert.True(double.IsNaN(FieldStatistics.Of([float.NaN]).Mean));
    }
}
