using System.Text.Json.Serialization;

namespace Monitor.Service.Adapters.State;

/// <summary>Source-generated JSON for the alert book.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(JsonAlertBookStore.BookDocument))]
internal sealed partial class AlertBookJsonContext : JsonSerializerContext;
