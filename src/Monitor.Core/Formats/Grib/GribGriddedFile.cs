using Monitor.Core.Grids;

namespace Monitor.Core.Formats.Grib;

/// <summary>A GRIB file as a list of fields: one per message (per field of a multi-field message).</summary>
internal sealed class GribGriddedFile : GriddedFile
{
    private readonly GribFile _file;
    private readonly FieldEntry[] _fields;

    public GribGriddedFile(string path)
    {
        _file = GribFile.Open(path);
        _fields = _file.Messages.Select((m, i) => new FieldEntry(
            m.Variable, m.ShortName, IsStatic(m) ? null : m.ValidTime, m.ReferenceTime, m.Grid, m.Conversion?.Variable.Units ?? m.NativeUnits,
            m.UnsupportedGridReason ?? (m.Variable is null
                ? $"message {m.Describe()} (paramId {m.ParamId}) is not in the variable catalogue"
                : null))
        {
            Index = i,
            LevelHpa = m.Variable?.PressureLevelHpa,
        }).ToArray();
    }

    public override string FilePath => _file.FilePath;

    public override DataFileFormat Format => DataFileFormat.Grib;

    public override IReadOnlyList<FieldEntry> Fields => _fields;

    protected override GriddedField ReadCore(FieldEntry entry)
    {
        return _file.ReadField(_file.Messages[entry.Index]);
    }

    private static bool IsStatic(GribMessageInfo message) => message.Conversion?.Variable.Kind == VariableKind.Static;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }
    }
}
