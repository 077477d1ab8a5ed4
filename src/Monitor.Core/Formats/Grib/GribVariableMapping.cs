using Monitor.Core.Grids;

namespace Monitor.Core.Formats.Grib;

/// <summary>
/// Maps a GRIB field (ecCodes shortName, typeOfLevel, level) to a canonical <see cref="VariableId"/> and the
/// conversion into canonical units.
/// </summary>
internal static class GribVariableMapping
{
    /// <summary>
    /// Resolves a field; returns null when the shortName is not catalogued, or when its level contradicts the
    /// variable's kind (a pressure-level variable on model levels or heights; a single-level one on a pressure level,
    /// as GRIB1 tables allow), so that it is never mistaken for another field.
    /// </summary>
    /// <param name="catalog">The variable catalogue.</param>
    /// <param name="shortName">ecCodes shortName, e.g. <c>2t</c>, <c>gh</c>.</param>
    /// <param name="typeOfLevel">ecCodes typeOfLevel, e.g. <c>surface</c>, <c>isobaricInhPa</c>.</param>
    /// <param name="level">The level value in the units of <paramref name="typeOfLevel"/>.</param>
    /// <param name="conversion">The alias with the scale and offset into canonical units.</param>
    public static VariableId? Resolve(VariableCatalog catalog, string shortName, string typeOfLevel, long level,
        out VariableAlias? conversion)
    {
        conversion = null;
        if (typeOfLevel == "surface" && catalog.TryResolve("orography", out VariableAlias? orography))
        {
            // Geopotential (m² s⁻²) or geopotential height (gpm) of the surface is the orography (m).
            if (shortName == "z")
            {
                conversion = new VariableAlias(shortName, orography.Variable, 1.0 / VariableCatalog.StandardGravity);
            }
            else if (shortName == "gh")
            {
                conversion = new VariableAlias(shortName, orography.Variable);
            }

            if (conversion is not null)
            {
                return new VariableId(orography.Variable.Name);
            }
        }

        if (!catalog.TryResolve(shortName, out VariableAlias? alias))
        {
            return null;
        }

        int? hectopascals = PressureLevelHpa(typeOfLevel, level);
        if (!alias.Variable.IsPressureLevel)
        {
            bool onPressureLevel = typeOfLevel is "isobaricInhPa" or "isobaricInPa";
            conversion = onPressureLevel ? null : alias;
            return onPressureLevel ? null : new VariableId(alias.Variable.Name);
        }

        if (hectopascals is null)
        {
            return null;
        }

        conversion = alias;
        return new VariableId(alias.Variable.Name, hectopascals);
    }

    private static int? PressureLevelHpa(string typeOfLevel, long level) => typeOfLevel switch
    {
        "isobaricInhPa" when level is > 0 and <= int.MaxValue => (int)level,
        "isobaricInPa" when level > 0 && level % 100 == 0 => (int)(level / 100),
        _ => null,
    };
}
