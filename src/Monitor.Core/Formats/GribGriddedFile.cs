using Monitor.Core.Formats.Grib;
using Monitor.Core.Grids;

namespace Monitor.Core.Formats;

/// <summary>A GRIB file as a list of fields: one per message (per field of a multi-field message).</summary>
internal sealed class GribGriddedFile : GriddedFile
{
    private readonly GribFile _file;
    private readonly FieldEntry[] _fields;

    public GribGriddedFile(string path)
    {
        _file = GribFile.Open(path);
        _fields = _file.Messages.Select((m, i) => new FieldEntry(
            m.Variable, m.ShortName, m.ValidTime, m.ReferenceTime, m.Grid, m.Conversion?.Variable.Units ?? m.NativeUnits,
            m.UnsupportedGridReason)
        {
            Index = i,
            LevelHpa = m.Variable?.PressureLevelHpa,
        }).ToArray();
    }

    public override string FilePath => _file.FilePath;

    public override DataFileFormat Format => DataFileFormat.Grib;

    public override IReadOnlyList<FieldEntry> Fields => _fields;

    public override GriddedField Read(FieldEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _file.ReadField(_file.Messages[entry.Index]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }
    }
}
