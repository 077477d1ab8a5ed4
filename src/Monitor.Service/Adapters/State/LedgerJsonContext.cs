using System.Text.Json.Serialization;
using Monitor.Core.Monitoring.Ports;

namespace Monitor.Service.Adapters.State;

/// <summary>Source-generated JSON for the ledger's stage and output columns.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(List<StageTiming>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
