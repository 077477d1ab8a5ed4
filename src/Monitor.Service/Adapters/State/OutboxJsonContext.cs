using System.Text.Json.Serialization;

namespace Monitor.Service.Adapters.State;

/// <summary>Source-generated JSON for the outbox's payload column.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(AlertPayload))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
