using Monitor.Core.Grids;

namespace Monitor.Core.Formats.NetCdf;

/// <summary>A netCDF dataset as a list of fields: one per variable × time × level.</summary>
internal sealed class NetCdfGriddedFile : GriddedFile
{
    private readonly NetCdfDataset _dataset;
    private readonly List<FieldEntry> _fields = [];

    public NetCdfGriddedFile(NetCdfDataset dataset)
    {
        _dataset = dataset;
        DateTime? reference = ReferenceTime(dataset);
        for (int v = 0; v < dataset.Variables.Count; v++)
        {
            DatasetVariable variable = dataset.Variables[v];
            int times = Math.Max(1, variable.Times.Count);
            IReadOnlyList<int?> levels = variable.LevelsHpa.Count == 0 ? [null] : variable.LevelsHpa.Select(l => (int?)l).ToArray();
            for (int t = 0; t < times; t++)
            {
                foreach (int? level in levels)
                {
                    VariableId? id = variable.IdAt(level);
                    DateTime? valid = variable.Times.Count > 0 ? variable.Times[t] : null;
                    string name = level is int l ? $"{variable.FileName}@{l}hPa" : variable.FileName;
                    _fields.Add(new FieldEntry(id, name, valid, reference, variable.Grid, variable.Units) { Index = v, SubIndex = t, LevelHpa = level });
                }
            }
        }

        foreach (DatasetProblem problem in dataset.Problems)
        {
            _fields.Add(new FieldEntry(null, problem.Variable, null, reference, null, "", problem.Error.Message) { Index = -1 });
        }
    }

    public override string FilePath => _dataset.FilePath;

    public override DataFileFormat Format =>
        _dataset.File.Format is NetCdfFormat.Netcdf4 or NetCdfFormat.Netcdf4Classic ? DataFileFormat.NetCdf4 : DataFileFormat.NetCdf3;

    public override IReadOnlyList<FieldEntry> Fields => _fields;

    protected override GriddedField ReadCore(FieldEntry entry)
    {
        if (entry.Index < 0)
        {
            // A variable the dataset could not place: its own error says why.
            throw _dataset.Problems.First(p => p.Variable == entry.NameInFile).Error;
        }

        DatasetVariable variable = _dataset.Variables[entry.Index];
        return _dataset.ReadField(variable, entry.SubIndex, entry.LevelHpa);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dataset.Dispose();
        }
    }

    private static DateTime? ReferenceTime(NetCdfDataset dataset)
    {
        if (!dataset.File.Variables.TryGetValue("forecast_reference_time", out NetCdfVariable? reference) || reference.Dimensions.Count != 0)
        {
            return null;
        }

        string? units = reference.TextAttribute("units");
        if (units is null)
        {
            return null;
        }

        try
        {
            var parsed = Cf.CfTimeUnits.Parse(units, reference.TextAttribute("calendar"));
            return parsed.ToDateTime(dataset.File.ReadAllDouble(reference)[0]);
        }
        catch (FormatException ex)
        {
            throw new TimeAxisException(dataset.FilePath, reference.Name, ex.Message);
        }
    }
}
