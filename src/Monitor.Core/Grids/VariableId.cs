using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Monitor.Core.Grids;

/// <summary>
/// A gridded variable: a canonical ERA5 short name, plus the pressure level (hPa) for upper-air variables.
/// Written <c>t2m</c> for single-level variables and <c>z500</c> for pressure-level ones.
/// </summary>
/// <param name="Name">Canonical short name (see <see cref="VariableCatalog"/>).</param>
/// <param name="PressureLevelHpa">Pressure level (hPa) for pressure-level variables; null otherwise.</param>
public readonly record struct VariableId(string Name, int? PressureLevelHpa = null)
{
    /// <summary>Parses <c>t2m</c> or <c>z500</c> (name followed by a level in hPa) for a known pressure-level name.</summary>
    public static VariableId Parse(string text, VariableCatalog catalog)
    {
        return TryParse(text, catalog, out VariableId id) ? id :
            throw new FormatException($"'{text}' is not a known variable (expected a name such as t2m, or a pressure-level name with its level such as z500).");
    }

    /// <summary>Parses without throwing; resolves aliases through <paramref name="catalog"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, VariableCatalog catalog, out VariableId id)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        id = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (catalog.TryResolve(text, out VariableAlias? alias) && !alias.Variable.IsPressureLevel)
        {
            id = new VariableId(alias.Variable.Name);
            return true;
        }

        int digits = text.Length;
        while (digits > 0 && char.IsAsciiDigit(text[digits - 1]))
        {
            digits--;
        }

        if (digits == 0 || digits == text.Length ||
            !int.TryParse(text.AsSpan(digits), NumberStyles.None, CultureInfo.InvariantCulture, out int level) ||
            !catalog.TryResolve(text[..digits], out alias) || !alias.Variable.IsPressureLevel)
        {
            return false;
        }

        id = new VariableId(alias.Variable.Name, level);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        PressureLevelHpa is int level ? Name + level.ToString(CultureInfo.InvariantCulture) : Name;
}
