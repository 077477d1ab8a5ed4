using System.Reflection;
using Monitor.Core.Grids;
using NetArchTest.Rules;

namespace Monitor.Core.Tests;

/// <summary>
/// What may reference what inside Monitor.Core (docs/architecture.md), checked on the compiled types' IL dependencies,
/// so a violating <c>using</c> or fully qualified name fails here.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(GridSpec).Assembly;

    private static readonly string[] CoreFolders =
    [
        "Cycles", "Extremes", "Formats", "Grids", "Inspection", "Monitoring", "Numerics", "Products", "Regimes", "Relevance",
        "Runtime", "Storage", "Synthetic", "Transfer",
    ];

    [Fact]
    public void Core_ReferencesNoServiceAndNoServerClient()
    {
        string[] referenced = [.. Core.GetReferencedAssemblies().Select(a => a.Name ?? "")];

        Assert.DoesNotContain(referenced, name => name is "v2vmonitor" or "Monitor.Service");
        Assert.DoesNotContain(referenced, name => name.StartsWith("Quartz", StringComparison.Ordinal) || name.StartsWith("InfluxDB", StringComparison.Ordinal)
            || name.StartsWith("MailKit", StringComparison.Ordinal) || name == "Microsoft.Extensions.Hosting");
    }

    [Theory]
    [InlineData("Grids")]
    [InlineData("Numerics")]
    public void NeutralFolders_ReferenceNothingElseOfCore(string folder)
    {
        string[] others = [.. CoreFolders.Where(f => f != folder).Select(f => $"Monitor.Core.{f}")];

        AssertNoDependency(Types.InAssembly(Core).That().ResideInNamespace($"Monitor.Core.{folder}"), others);
    }

    [Theory]
    [InlineData("Transfer")]
    [InlineData("Relevance")]
    [InlineData("Regimes")]
    [InlineData("Extremes")]
    public void ScienceFolders_NeverReferenceFormatsOrProducts(string folder)
    {
        AssertNoDependency(Types.InAssembly(Core).That().ResideInNamespace($"Monitor.Core.{folder}"),
            ["Monitor.Core.Formats", "Monitor.Core.Products"]);
    }

    [Fact]
    public void Relevance_KnowsTheTransferModulesOnlyInArchitectures()
    {
        AssertNoDependency(
            Types.InAssembly(Core).That().ResideInNamespace("Monitor.Core.Relevance").And().DoNotResideInNamespace("Monitor.Core.Relevance.Architectures"),
            ["Monitor.Core.Transfer.Modules"]);
        Assert.False(Types.InAssembly(Core).That().ResideInNamespace("Monitor.Core.Relevance.Architectures")
            .ShouldNot().HaveDependencyOn("Monitor.Core.Transfer.Modules").GetResult().IsSuccessful,
            "Architectures is where the relevance graph learns the modules; if nothing there uses them, the rule above proves nothing");
    }

    [Fact]
    public void TheCheck_FindsADependencyThatExists()
    {
        // Products writes files through Formats by design: the same check must report it.
        TestResult result = Types.InAssembly(Core).That().ResideInNamespace("Monitor.Core.Products")
            .ShouldNot().HaveDependencyOn("Monitor.Core.Formats").GetResult();

        Assert.False(result.IsSuccessful);
        Assert.Contains("Monitor.Core.Products.ExplanationFile", result.FailingTypeNames);
    }

    private static void AssertNoDependency(PredicateList types, string[] forbidden)
    {
        TestResult result = types.ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"{string.Join(", ", result.FailingTypeNames ?? [])} depend(s) on {string.Join(" or ", forbidden)}");
    }
}
