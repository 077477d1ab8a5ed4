using System.Buffers.Binary;
using System.Globalization;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Formats.Grib;

/// <summary>
/// Writes GRIB test files with ecCodes' own command-line tools (grib_filter, grib_set) from the samples that ship with
/// ecCodes, and reads them back with grib_get_data as an oracle independent of <c>GribFile</c>.
/// </summary>
internal sealed class GribFixture(TemporaryDirectory directory)
{
    /// <summary>Where Debian's libeccodes-data installs the GRIB samples.</summary>
    public const string SamplesDirectory = "/usr/share/eccodes/samples";

    /// <summary>
    /// Rules that put a 3×4 grid (50..48 °N, 10..13 °E, 1°) with 24-bit simple packing on a sample. (ecCodes 2.28's
    /// grid_complex encoder loses values at 20 bits and more: use 16 bits for complex packing.)
    /// </summary>
    public const string SmallGridRules = """
        set Ni = 4;
        set Nj = 3;
        set latitudeOfFirstGridPointInDegrees = 50;
        set latitudeOfLastGridPointInDegrees = 48;
        set longitudeOfFirstGridPointInDegrees = 10;
        set longitudeOfLastGridPointInDegrees = 13;
        set iDirectionIncrementInDegrees = 1;
        set jDirectionIncrementInDegrees = 1;
        set bitsPerValue = 24;
        """;

    /// <summary>2 m temperatures (K) for the small grid, in scanning order (north row first, west to east).</summary>
    public static IReadOnlyList<double> T2mValues { get; } =
        [270.5, 271.25, 272, 273.75, 260, 261.5, 262, 263, 250.125, 251, 252, 253];

    /// <summary><see cref="T2mValues"/> as rows north → south, columns west → east.</summary>
    public static double[,] T2mGrid { get; } = new double[,]
    {
        { 270.5, 271.25, 272, 273.75 },
        { 260, 261.5, 262, 263 },
        { 250.125, 251, 252, 253 },
    };

    /// <summary>
    /// Writes 2 m temperature <see cref="T2mValues"/> on the small grid from a GRIB1 or GRIB2 surface sample, reference
    /// time 2026-11-25 12 UTC, step 6 h, with <paramref name="extraRules"/> applied before the values.
    /// </summary>
    public string T2m(string outputName, string sampleName, string extraRules = "") => Filter(outputName, sampleName,
        $"""
        set shortName = "2t";
        set dataDate = 20261125;
        set dataTime = 1200;
        set stepRange = "6";
        {SmallGridRules}
        {extraRules}
        {ValuesRule(T2mValues)}
        """);

    /// <summary>The full path of an ecCodes sample, e.g. <c>regular_ll_sfc_grib2.tmpl</c>; fails when it is not installed.</summary>
    public static string Sample(string name)
    {
        string path = Path.Combine(SamplesDirectory, name);
        return File.Exists(path) ? path :
            throw new InvalidOperationException($"ecCodes sample {path} is missing; install the Debian package libeccodes-data.");
    }

    /// <summary>The rule <c>set values = {…};</c> for the given values, in the message's scanning order.</summary>
    public static string ValuesRule(IEnumerable<double> values) =>
        $"set values = {{{string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}};";

    /// <summary>Runs <c>grib_filter</c> with <paramref name="rules"/> (a final <c>write;</c> is added) on a sample.</summary>
    /// <returns>The path of the written file.</returns>
    public string Filter(string outputName, string sampleName, string rules)
    {
        string rulesPath = directory.File(outputName + ".rules");
        File.WriteAllText(rulesPath, rules + "\nwrite;\n");
        string output = directory.File(outputName);
        ExternalTool.Run("grib_filter", ["-o", output, rulesPath, Sample(sampleName)]);
        return output;
    }

    /// <summary>Runs <c>grib_set -s</c> with the given <c>key=value</c> assignments on a file or sample.</summary>
    /// <returns>The path of the written file.</returns>
    public string Set(string outputName, string input, params string[] assignments)
    {
        string output = directory.File(outputName);
        ExternalTool.Run("grib_set", ["-s", string.Join(",", assignments), input, output]);
        return output;
    }

    /// <summary>Concatenates files byte for byte, as <c>cat a b &gt; c</c> does.</summary>
    public string Concatenate(string outputName, params string[] inputs)
    {
        string output = directory.File(outputName);
        File.WriteAllBytes(output, inputs.SelectMany(File.ReadAllBytes).ToArray());
        return output;
    }

    /// <summary>Writes the first <paramref name="count"/> bytes of a file.</summary>
    public string Head(string outputName, string input, int count)
    {
        string output = directory.File(outputName);
        File.WriteAllBytes(output, File.ReadAllBytes(input)[..count]);
        return output;
    }

    /// <summary>
    /// Joins single-field GRIB2 messages on the same grid into one multi-field message: the first message whole, then
    /// sections 4–7 (product, data representation, bitmap, data) of the others, then <c>7777</c>, with the total
    /// length patched (WMO GRIB2, section 0 octets 9–16). Every section is ecCodes-written; only the envelope is
    /// assembled here, because the tools cannot write multi-field messages. Check the result with <see cref="ListShortNames"/>.
    /// </summary>
    public string JoinAsMultiField(string outputName, params string[] inputs)
    {
        var body = new List<byte>();
        byte[] first = File.ReadAllBytes(inputs[0]);
        foreach ((_, byte[] bytes) in Sections(first, inputs[0]))
        {
            body.AddRange(bytes);
        }

        foreach (string input in inputs.Skip(1))
        {
            foreach ((int number, byte[] bytes) in Sections(File.ReadAllBytes(input), input))
            {
                if (number >= 4)
                {
                    body.AddRange(bytes);
                }
            }
        }

        var message = new List<byte>(first[..16]);
        message.AddRange(body);
        message.AddRange("7777"u8.ToArray());
        byte[] result = [.. message];
        BinaryPrimitives.WriteUInt64BigEndian(result.AsSpan(8, 8), (ulong)result.Length);
        string output = directory.File(outputName);
        File.WriteAllBytes(output, result);
        return output;
    }

    /// <summary>The shortName of every field, as <c>grib_get</c> lists them (multi-field messages expanded).</summary>
    public static IReadOnlyList<string> ListShortNames(string path) =>
        ExternalTool.Run("grib_get", ["-p", "shortName", path])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Every point of the fields selected by <paramref name="where"/> (a <c>grib_get_data -w</c> condition such as
    /// <c>count=2</c> or <c>shortName=v</c>) as the tool prints them: latitude, longitude, value, NaN where missing.
    /// </summary>
    public static IReadOnlyList<(double Latitude, double Longitude, double Value)> GetData(string path, string where = "count=1")
    {
        string text = ExternalTool.Run("grib_get_data", ["-m", "MISSING", "-w", where, path]);
        var points = new List<(double, double, double)>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lat))
            {
                continue; // header line
            }

            double lon = double.Parse(parts[1], CultureInfo.InvariantCulture);
            double value = parts[2] == "MISSING" ? double.NaN : double.Parse(parts[2], CultureInfo.InvariantCulture);
            points.Add((lat, lon, value));
        }

        return points;
    }

    private static IEnumerable<(int Number, byte[] Bytes)> Sections(byte[] message, string path)
    {
        if (message.Length < 16 || !message.AsSpan(0, 4).SequenceEqual("GRIB"u8) || message[7] != 2)
        {
            throw new InvalidOperationException($"{path} is not a GRIB2 message.");
        }

        int position = 16;
        while (!message.AsSpan(position, 4).SequenceEqual("7777"u8))
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(position, 4));
            yield return (message[position + 4], message[position..(position + length)]);
            position += length;
        }
    }
}
