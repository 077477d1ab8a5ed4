using System.Diagnostics.CodeAnalysis;

namespace Monitor.Core.Grids;

/// <summary>
/// The variables V2V Monitor knows: canonical ERA5 NetCDF short names with units and CF standard names, and the
/// aliases under which other products publish them (ECMWF GRIB shortNames, GFS/NCEP names, CF-style long names).
/// </summary>
public sealed class VariableCatalog
{
    /// <summary>Standard gravity (m s⁻²), to turn geopotential height (gpm) into geopotential (m² s⁻²).</summary>
    public const double StandardGravity = 9.80665;

    private readonly Dictionary<string, VariableAlias> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<VariableInfo> _variables = [];

    /// <summary>The catalogue of ERA5-named variables used throughout the service.</summary>
    public static VariableCatalog Default { get; } = CreateDefault();

    /// <summary>All canonical variables, in catalogue order.</summary>
    public IReadOnlyList<VariableInfo> Variables => _variables;

    /// <summary>Adds a canonical variable and its identity aliases.</summary>
    public VariableCatalog Add(VariableInfo variable, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(variable);
        _variables.Add(variable);
        AddAlias(new VariableAlias(variable.Name, variable));
        foreach (string alias in aliases)
        {
            AddAlias(new VariableAlias(alias, variable));
        }

        return this;
    }

    /// <summary>Adds an alias; throws when the name is already taken by another variable.</summary>
    public VariableCatalog AddAlias(VariableAlias alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        if (_byName.TryGetValue(alias.Alias, out VariableAlias? existing) && existing.Variable.Name != alias.Variable.Name)
        {
            throw new ArgumentException($"Alias '{alias.Alias}' already names '{existing.Variable.Name}', cannot also name '{alias.Variable.Name}'.");
        }

        _byName[alias.Alias] = alias;
        return this;
    }

    /// <summary>
    /// A copy of this catalogue in which <paramref name="aliases"/> take their names over, whatever the names meant
    /// before: an archive manifest says what its files mean (e.g. <c>t</c> → <c>t2m</c> for files that call 2 m
    /// temperature <c>t</c>, which the catalogue reads as temperature on pressure levels).
    /// </summary>
    public VariableCatalog WithOverrides(IEnumerable<VariableAlias> aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        var copy = new VariableCatalog();
        copy._variables.AddRange(_variables);
        foreach (var (name, alias) in _byName)
        {
            copy._byName[name] = alias;
        }

        foreach (VariableAlias alias in aliases)
        {
            copy._byName[alias.Alias] = alias;
        }

        return copy;
    }

    /// <summary>Finds the canonical variable (and conversion) for a name or alias, case-insensitively.</summary>
    public bool TryResolve(string name, [NotNullWhen(true)] out VariableAlias? alias) => _byName.TryGetValue(name, out alias);

    /// <summary>True when the name (or alias) is a static field (orography, land–sea mask).</summary>
    public bool IsStatic(string name) => TryResolve(name, out VariableAlias? alias) && alias.Variable.Kind == VariableKind.Static;

    /// <summary>The canonical variable for a canonical name; throws <see cref="KeyNotFoundException"/> naming it otherwise.</summary>
    public VariableInfo this[string name] =>
        TryResolve(name, out VariableAlias? alias) ? alias.Variable :
        throw new KeyNotFoundException($"Unknown variable '{name}'. Known: {string.Join(", ", _variables.Select(v => v.Name))}.");

    private static VariableCatalog CreateDefault()
    {
        const VariableKind single = VariableKind.SingleLevel;
        const VariableKind level = VariableKind.PressureLevel;
        var catalog = new VariableCatalog()
            .Add(new("t2m", "K", "air_temperature", "2 metre temperature", single), "2t", "tas", "TMP_2maboveground", "t2")
            .Add(new("d2m", "K", "dew_point_temperature", "2 metre dewpoint temperature", single), "2d", "DPT_2maboveground", "td2m")
            .Add(new("u10", "m s**-1", "eastward_wind", "10 metre U wind component", single), "10u", "uas", "UGRD_10maboveground")
            .Add(new("v10", "m s**-1", "northward_wind", "10 metre V wind component", single), "10v", "vas", "VGRD_10maboveground")
            .Add(new("si10", "m s**-1", "wind_speed", "10 metre wind speed", single), "10si", "sfcWind", "ws10")
            .Add(new("msl", "Pa", "air_pressure_at_mean_sea_level", "Mean sea level pressure", single), "psl", "PRMSL_meansealevel", "prmsl", "mslp")
            .Add(new("sp", "Pa", "surface_air_pressure", "Surface pressure", single), "ps", "PRES_surface")
            .Add(new("tcc", "(0 - 1)", "cloud_area_fraction", "Total cloud cover", single), "clt")
            .Add(new("tp", "m", "lwe_thickness_of_precipitation_amount", "Total precipitation", single, IsAccumulated: true))
            .Add(new("tisr", "J m**-2", "toa_incoming_shortwave_flux", "TOA incident solar radiation", single, IsAccumulated: true))
            .Add(new("ssrd", "J m**-2", "surface_downwelling_shortwave_flux_in_air", "Surface solar radiation downwards", single, IsAccumulated: true))
            .Add(new("z", "m**2 s**-2", "geopotential", "Geopotential", level))
            .Add(new("t", "K", "air_temperature", "Temperature", level), "ta", "TMP")
            .Add(new("u", "m s**-1", "eastward_wind", "U component of wind", level), "ua", "UGRD")
            .Add(new("v", "m s**-1", "northward_wind", "V component of wind", level), "va", "VGRD")
            .Add(new("q", "kg kg**-1", "specific_humidity", "Specific humidity", level), "hus", "SPFH")
            .Add(new("r", "%", "relative_humidity", "Relative humidity", level), "hur", "RH")
            .Add(new("orography", "m", "surface_altitude", "Orography (surface height above sea level)", VariableKind.Static), "orog", "HGT_surface")
            .Add(new("lsm", "(0 - 1)", "land_binary_mask", "Land-sea mask", VariableKind.Static), "LAND_surface");

        // Aliases that need a unit conversion into the canonical units.
        catalog.AddAlias(new VariableAlias("gh", catalog["z"], StandardGravity));          // geopotential height (gpm) → m² s⁻²
        catalog.AddAlias(new VariableAlias("zg", catalog["z"], StandardGravity));          // CMIP geopotential height (m)
        catalog.AddAlias(new VariableAlias("HGT", catalog["z"], StandardGravity));         // GFS geopotential height (gpm)
        catalog.AddAlias(new VariableAlias("TCDC_entireatmosphere", catalog["tcc"], 0.01));// GFS total cloud cover (%)
        catalog.AddAlias(new VariableAlias("APCP_surface", catalog["tp"], 0.001));         // GFS accumulated precipitation (kg m⁻² = mm)
        catalog.AddAlias(new VariableAlias("sftlf", catalog["lsm"], 0.01));                // CMIP land area fraction (%)
        return catalog;
    }
}
