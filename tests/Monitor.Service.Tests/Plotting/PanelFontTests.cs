using Monitor.Service.Plotting;
using Monitor.Service.Tests.Cli;

namespace Monitor.Service.Tests.Plotting;

public sealed class PanelFontTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Find_LooksInSubdirectories()
    {
        string folder = Directory.CreateDirectory(_dir.File(Path.Combine("truetype", "dejavu"))).FullName;
        string font = Path.Combine(folder, PanelFont.RegularFileName);
        File.WriteAllBytes(font, [0]);

        Assert.Equal(font, PanelFont.Find([_dir.File("absent"), _dir.Path], PanelFont.RegularFileName));
    }

    [Fact]
    public void Find_ReturnsNull_WhenNoDirectoryHoldsTheFont()
    {
        Assert.Null(PanelFont.Find([_dir.Path, _dir.File("absent")], PanelFont.RegularFileName));
    }
}
