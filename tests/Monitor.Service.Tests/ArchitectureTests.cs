using System.Reflection;
using Monitor.Service.Hosting;
using NetArchTest.Rules;

namespace Monitor.Service.Tests;

/// <summary>
/// What may reference what inside the service (docs/architecture.md), checked on the compiled IL: jobs, endpoints and
/// verbs call Monitoring, never an adapter (only Hosting names adapters); adapters never reference each other, nor
/// tensors.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Service = typeof(MonitorHost).Assembly;

    private static readonly string[] Adapters = ["Files", "Influx", "Mail", "State"];

    [Theory]
    [InlineData("Monitor.Service.Jobs")]
    [InlineData("Monitor.Service.Http")]
    [InlineData("Monitor.Service.Cli")]
    public void Shells_never_reference_an_adapter(string folder)
    {
        AssertNoDependency(Types.InAssembly(Service).That().ResideInNamespace(folder), [.. Adapters.Select(a => $"Monitor.Service.Adapters.{a}")]);
    }

    [Theory]
    [InlineData("Files")]
    [InlineData("Influx")]
    [InlineData("Mail")]
    [InlineData("State")]
    public void Adapters_never_reference_each_other_nor_tensors(string adapter)
    {
        string[] forbidden = [.. Adapters.Where(a => a != adapter).Select(a => $"Monitor.Service.Adapters.{a}"), "TorchSharp", "Monitor.Core.Relevance", "Monitor.Core.Transfer"];

        AssertNoDependency(Types.InAssembly(Service).That().ResideInNamespace($"Monitor.Service.Adapters.{adapter}"), forbidden);
    }

    [Fact]
    public void The_check_finds_a_dependency_that_exists()
    {
        // Hosting names the adapters by design: the same check must report it.
        TestResult result = Types.InAssembly(Service).That().ResideInNamespace("Monitor.Service.Hosting")
            .ShouldNot().HaveDependencyOnAny("Monitor.Service.Adapters.State").GetResult();

        Assert.False(result.IsSuccessful);
    }

    private static void AssertNoDependency(PredicateList types, string[] forbidden)
    {
        TestResult result = types.ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"{string.Join(", ", result.FailingTypeNames ?? [])} depend(s) on {string.Join(" or ", forbidden)}");
    }
}
