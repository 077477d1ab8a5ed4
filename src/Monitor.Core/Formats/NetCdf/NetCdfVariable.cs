namespace Monitor.Core.Formats.NetCdf;

/// <summary>A netCDF variable as declared in the file.</summary>
/// <param name="Id">Variable id.</param>
/// <param name="Name">Variable name.</param>
/// <param name="Type">External type.</param>
/// <param name="Dimensions">Dimensions, slowest-varying first.</param>
/// <param name="Attributes">Attributes by name.</param>
public sealed record NetCdfVariable(int Id, string Name, NetCdfType Type, IReadOnlyList<NetCdfDimension> Dimensions,
    IReadOnlyDictionary<string, NetCdfAttributeValue> Attributes)
{
    /// <summary>A text attribute, or null.</summary>
    public string? TextAttribute(string name) => Attributes.TryGetValue(name, out NetCdfAttributeValue? a) ? a.Text : null;

    /// <summary>The first number of a numeric attribute, or null.</summary>
    public double? NumberAttribute(string name) =>
        Attributes.TryGetValue(name, out NetCdfAttributeValue? a) && a.Numbers.Count > 0 ? a.Numbers[0] : null;

    /// <summary>Shape (dimension lengths).</summary>
    public long[] Shape => Dimensions.Select(d => d.Length).ToArray();
}
