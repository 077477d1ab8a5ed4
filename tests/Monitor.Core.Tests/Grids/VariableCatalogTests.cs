using Monitor.Core.Grids;

namespace Monitor.Core.Tests.Grids;

public sealed class VariableCatalogTests
{
    [Theory]
    [InlineData("2t", "t2m")]
    [InlineData("10u", "u10")]
    [InlineData("10v", "v10")]
    [InlineData("TMP_2maboveground", "t2m")]
    [InlineData("PRMSL_meansealevel", "msl")]
    [InlineData("orog", "orography")]
    [InlineData("T2M", "t2m")]
    public void TryResolve_Alias_FindsCanonicalVariable(string alias, string canonical)
    {
        Assert.True(VariableCatalog.Default.TryResolve(alias, out VariableAlias? found));
        Assert.Equal(canonical, found.Variable.Name);
    }

    [Fact]
    public void GeopotentialHeightAlias_ConvertsWithStandardGravity()
    {
        Assert.True(VariableCatalog.Default.TryResolve("gh", out VariableAlias? gh));

        Assert.Equal("z", gh.Variable.Name);
        Assert.Equal(9.80665, gh.Scale);
    }

    [Fact]
    public void WithOverrides_TakesTheNamesOverInACopy_AndLeavesTheCatalogueAsItWas()
    {
        VariableCatalog copy = VariableCatalog.Default.WithOverrides([new VariableAlias("t", VariableCatalog.Default["t2m"])]);

        Assert.True(copy.TryResolve("T", out VariableAlias? overridden));
        Assert.Equal("t2m", overridden.Variable.Name);
        Assert.True(copy.TryResolve("ta", out VariableAlias? other));
        Assert.Equal("t", other.Variable.Name);
        Assert.True(VariableCatalog.Default.TryResolve("t", out VariableAlias? original));
        Assert.Equal("t", original.Variable.Name);
    }

    [Fact]
    public void Catalogue_HoldsTheEra5Names()
    {
        string[] expected = ["t2m", "d2m", "u10", "v10", "si10", "msl", "sp", "tcc", "tp", "tisr", "ssrd", "z", "t", "u", "v", "q", "r", "orography", "lsm"];

        Assert.Equal(expected, VariableCatalog.Default.Variables.Select(v => v.Name));
        Assert.All(VariableCatalog.Default.Variables, v => Assert.False(string.IsNullOrEmpty(v.Units)));
        Assert.Equal("J m**-2", VariableCatalog.Default["tisr"].Units);
    }

    [Theory]
    [InlineData("z500", "z", 500)]
    [InlineData("t850", "t", 850)]
    [InlineData("gh500", "z", 500)]
    [InlineData("t2m", "t2m", null)]
    public void VariableIdParse_NameAndLevel(string text, string name, int? level)
    {
        VariableId id = VariableId.Parse(text, VariableCatalog.Default);

        Assert.Equal(new VariableId(name, level), id);
    }

    [Fact]
    public void VariableIdParse_UnknownOrLevelOnSingleLevel_Refused()
    {
        Assert.Throws<FormatException>(() => VariableId.Parse("foo", VariableCatalog.Default));
        Assert.Throws<FormatException>(() => VariableId.Parse("msl500", VariableCatalog.Default));
        Assert.Throws<FormatException>(() => VariableId.Parse("z", VariableCatalog.Default));
    }

    [Fact]
    public void AddAlias_TakenByAnotherVariable_Refused()
    {
        var catalog = new VariableCatalog().Add(new VariableInfo("a", "1", "", "a", VariableKind.SingleLevel), "x");

        Assert.Throws<ArgumentException>(() => catalog.Add(new VariableInfo("b", "1", "", "b", VariableKind.SingleLevel), "x"));
    }
}
