using ScottPlot;

namespace Monitor.Service.Plotting;

/// <summary>
/// Gives ScottPlot a font. The SkiaSharp native build we ship (SkiaSharp.NativeAssets.Linux.NoDependencies, the one
/// ScottPlot itself depends on) needs no fontconfig, and so sees no system fonts: without help every label would be
/// blank. DejaVu Sans (Debian's fonts-dejavu-core, a runtime package of scripts/install-deps.sh) is therefore
/// registered from its file, once per process. When no such file exists, panels still render, without text.
/// </summary>
internal static class PanelFont
{
    /// <summary>The family name panels are drawn in.</summary>
    public const string Family = "DejaVu Sans";

    /// <summary>The regular face's file name, as every distribution ships it.</summary>
    public const string RegularFileName = "DejaVuSans.ttf";

    private const string BoldFileName = "DejaVuSans-Bold.ttf";

    private static readonly string[] s_fontDirectories = ["/usr/share/fonts", "/usr/local/share/fonts"];

    private static readonly Lazy<string?> s_registered = new(() => Register(Find(s_fontDirectories, RegularFileName)));

    /// <summary>The registered regular font file, or null when none was found and panels carry no text.</summary>
    public static string? RegisteredFile => s_registered.Value;

    /// <summary>Registers the font with ScottPlot unless already done; call before creating a <see cref="Plot"/>.</summary>
    public static void EnsureRegistered() => _ = s_registered.Value;

    /// <summary>The first file named <paramref name="fileName"/> under any of <paramref name="directories"/>, or null.</summary>
    public static string? Find(IEnumerable<string> directories, string fileName)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        return directories.Where(Directory.Exists)
            .SelectMany(directory => Directory.EnumerateFiles(directory, fileName, options))
            .FirstOrDefault();
    }

    private static string? Register(string? regularFile)
    {
        if (regularFile is null)
        {
            return null;
        }

        Fonts.AddFontFile(Family, regularFile);
        string boldFile = Path.Combine(Path.GetDirectoryName(regularFile) ?? ".", BoldFileName);
        if (File.Exists(boldFile))
        {
            Fonts.AddFontFile(Family, boldFile, bold: true);
        }

        Fonts.Default = Family;
        return regularFile;
    }
}
