using System.Text.RegularExpressions;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Runtime;

/// <summary>
/// Checks the build step of build/LibTorchSharpCompat.targets with binutils' objdump, an ELF reader independent of
/// the step's own parser: where the machine's libstdc++ lacks GLIBCXX_3.4.32, the copy of libLibTorchSharp.so in this
/// test's output must carry that version requirement as weak (flags 0x02).
/// </summary>
public sealed partial class LibTorchSharpCompatibilityTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [Fact]
    public void OutputCopy_VersionRequirementIsWeakWhereLibstdcxxLacksIt()
    {
        string library = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
        }.First(File.Exists);
        string libstdcxx = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6" }.First(File.Exists);

        bool machineDefinesVersion = ExternalTool.Run("objdump", ["-p", libstdcxx]).Contains(Version, StringComparison.Ordinal);
        Match requirement = RequirementLine().Match(ExternalTool.Run("objdump", ["-p", library]));

        Assert.True(requirement.Success, $"{library} has no {Version} version requirement: is this still TorchSharp 0.107.0?");
        int flags = Convert.ToInt32(requirement.Groups["flags"].Value, 16);
        if (!machineDefinesVersion)
        {
            Assert.Equal(0x02, flags & 0x02);
        }
        else
        {
            Assert.Equal(0, flags & 0x02);   // nothing to fix on this machine: the step must leave the file alone
        }
    }

    // objdump -p, "Version References": "    0x0297f842 0x02 18 GLIBCXX_3.4.32" (hash, flags, index, name).
    [GeneratedRegex(@"^\s*0x[0-9a-f]+\s+0x(?<flags>[0-9a-f]+)\s+\d+\s+GLIBCXX_3\.4\.32\s*$", RegexOptions.Multiline)]
    private static partial Regex RequirementLine();
}
