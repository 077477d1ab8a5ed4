using Monitor.Core.Formats;
using Monitor.Core.Formats.Csv;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Formats.Csv;

public sealed class MatrixCsvTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_WithHeader_AndWithout()
    {
        (double[,] withHeader, string[] names) = MatrixCsv.Read(Write("a,b\n1,2.5\n-3e2, 4\n\n"));
        (double[,] plain, string[] none) = MatrixCsv.Read(Write("1,2.5\n-300,4\n"));

        Assert.Equal(["a", "b"], names);
        Assert.Empty(none);
        Assert.Equal(new double[,] { { 1, 2.5 }, { -300, 4 } }, withHeader);
        Assert.Equal(withHeader, plain);
    }

    [Fact]
    public void WriteThenRead_RoundTripsExactly()
    {
        var m = new double[,] { { Math.PI, -1e-300 }, { 1.0 / 3, 12345.678 } };
        string path = Path.Combine(_dir.Path, "m.csv");

        MatrixCsv.Write(path, m, ["x", "y"]);

        Assert.Equal(m, MatrixCsv.Read(path).Matrix);
    }

    [Theory]
    [InlineData("x,y\n1,2\n3\n", "line 3: 1 values, but the header has 2 (ragged rows).")]
    [InlineData("1,2\n3,4,5\n", "line 2: 3 values, but the first row has 2 (ragged rows).")]
    [InlineData("x,y\n1,2\n3,NaN\n", "line 3, column 2: 'NaN' is not finite")]
    [InlineData("1,2\n3,abc\n", "line 2, column 2: 'abc' is not a number.")]
    [InlineData("x,y\n", "line 1: no numeric rows.")]
    public void Read_BadContent_NamesFileLineAndColumn(string text, string expected)
    {
        string path = Write(text);

        MatrixCsvException error = Assert.Throws<MatrixCsvException>(() => MatrixCsv.Read(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_NamesIt()
    {
        string path = Path.Combine(_dir.Path, "absent.csv");

        DataFileException error = Assert.Throws<DataFileException>(() => MatrixCsv.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private string Write(string text)
    {
        string path = Path.Combine(_dir.Path, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
