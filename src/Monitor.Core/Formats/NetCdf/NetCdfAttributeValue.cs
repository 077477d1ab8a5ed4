using System.Globalization;

namespace Monitor.Core.Formats.NetCdf;

/// <summary>A netCDF attribute: text, or numbers (held as double).</summary>
/// <param name="Name">Attribute name.</param>
/// <param name="Type">External type.</param>
/// <param name="Text">The value for text attributes, else null.</param>
/// <param name="Numbers">The values for numeric attributes, else empty.</param>
public sealed record NetCdfAttributeValue(string Name, NetCdfType Type, string? Text, IReadOnlyList<double> Numbers)
{
    /// <summary>The value as text (numbers joined by commas).</summary>
    public override string ToString() =>
        Text ?? string.Join(", ", Numbers.Select(n => n.ToString("R", CultureInfo.InvariantCulture)));
}
