using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Monitor.Service.Tests.Reporting;

/// <summary>
/// Debian's Chromium run headless on a local page: a screenshot, or the DOM after the page has loaded. Each run gets a
/// fresh profile directory, deleted afterwards, and no network features. Missing Chromium fails the test with the
/// command that installs it.
/// </summary>
internal static partial class HeadlessChromium
{
    /// <summary>Where Debian installs it.</summary>
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The script the image probe adds to a copy of a page (never to the report itself): after the load event it writes
    /// one line per image, <c>index loaded|broken width×height</c>, into <c>&lt;pre id="image-probe"&gt;</c>.
    /// </summary>
    private const string ImageProbeScript = """
        <script>
        window.addEventListener('load', () => {
          const probe = document.createElement('pre');
          probe.id = 'image-probe';
          probe.textContent = Array.from(document.images).map((img, i) =>
            i + ' ' + (img.complete && img.naturalWidth > 0 ? 'loaded' : 'broken') + ' ' + img.naturalWidth + 'x' + img.naturalHeight).join('\n');
          document.body.appendChild(probe);
        });
        </script>
        """;

    /// <summary>Fails with what to install when Chromium is missing.</summary>
    public static void Require()
    {
        if (!File.Exists(Executable))
        {
            Assert.Fail($"Headless Chromium is needed to check the HTML report and {Executable} does not exist. Install it with "
                + "`sudo apt-get install -y --no-install-recommends chromium` (or `scripts/install-deps.sh --test`).");
        }
    }

    /// <summary>A PNG screenshot of <paramref name="page"/> in a window of <paramref name="width"/>×<paramref name="height"/> px.</summary>
    public static async Task<byte[]> ScreenshotAsync(string page, string screenshot, int width, int height)
    {
        await RunAsync(page, $"--screenshot={screenshot}", $"--window-size={width},{height}", "--hide-scrollbars");
        Assert.True(File.Exists(screenshot), $"Chromium wrote no screenshot of {page}");
        return await File.ReadAllBytesAsync(screenshot);
    }

    /// <summary>
    /// Per image of <paramref name="page"/> as Chromium loaded it: whether it decoded, and its natural size. The probe runs
    /// on a copy of the page beside it, so relative links resolve alike.
    /// </summary>
    public static async Task<IReadOnlyList<(bool Loaded, string Size)>> ImagesAsync(string page)
    {
        string html = await File.ReadAllTextAsync(page);
        int end = html.LastIndexOf("</body>", StringComparison.Ordinal);
        Assert.True(end >= 0, $"{page} has no </body>");
        string probe = Path.Combine(Path.GetDirectoryName(page)!, "image-probe-" + Guid.NewGuid().ToString("N") + ".html");
        await File.WriteAllTextAsync(probe, html.Insert(end, ImageProbeScript));
        try
        {
            string dom = await RunAsync(probe, "--dump-dom", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=10000");
            Match block = ProbeBlock().Match(dom);
            Assert.True(block.Success, $"The image probe did not run on {page}; Chromium's DOM starts: {dom[..Math.Min(300, dom.Length)]}");
            return [.. ProbeLine().Matches(block.Groups[1].Value).Select(m => (m.Groups[1].Value == "loaded", m.Groups[2].Value))];
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static async Task<string> RunAsync(string page, params string[] arguments)
    {
        Require();
        string profile = Directory.CreateTempSubdirectory("v2v-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", .. arguments,
                new Uri(Path.GetFullPath(page)).AbsoluteUri])
            {
                start.ArgumentList.Add(argument);
            }

            using Process chromium = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
            Task<string> output = chromium.StandardOutput.ReadToEndAsync();
            Task<string> error = chromium.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(s_timeout);
            try
            {
                await chromium.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                chromium.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not finish {page} within {s_timeout.TotalSeconds} s");
            }

            Assert.True(chromium.ExitCode == 0, $"Chromium exited with {chromium.ExitCode} on {page}: {await error}");
            return await output;
        }
        finally
        {
            DeleteProfile(profile);
        }
    }

    private static void DeleteProfile(string profile)
    {
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a helper process of Chromium may still be writing its crash database there.
        }
    }

    [GeneratedRegex("<pre id=\"image-probe\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ProbeBlock();

    [GeneratedRegex(@"^\d+ (loaded|broken) (\d+x\d+)$", RegexOptions.Multiline)]
    private static partial Regex ProbeLine();
}
