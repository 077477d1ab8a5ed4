using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitor.Core.Synthetic;

/// <summary>
/// Writes what was planted, in <c>truth/</c> beside the cycles (format in docs/synthetic-atmosphere.md):
/// <c>regimes.csv</c> (label and pattern weights every 6 h), <c>events.json</c> (every planted extreme with its
/// track, radius, intensity and driver) and <c>generator.json</c> (the options and the model's constants).
/// </summary>
public static class GroundTruthWriter
{
    /// <summary>Folder name under the output directory.</summary>
    public const string Folder = "truth";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes the three files.</summary>
    public static void Write(GeneratorOptions options, RegimeChain chain, IReadOnlyList<PlantedEvent> events, string geographySource)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(chain);
        string folder = Path.Combine(options.OutputDirectory, Folder);
        Directory.CreateDirectory(folder);

        var csv = new StringBuilder("valid_time,regime");
        foreach (Regime r in Enum.GetValues<Regime>())
        {
            csv.Append(",w_").Append(JsonNamingPolicy.SnakeCaseLower.ConvertName(r.ToString()));
        }

        csv.Append('\n');
        foreach (var (time, label, weights) in chain.Steps())
        {
            csv.Append(time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append(',')
               .Append(JsonNamingPolicy.SnakeCaseLower.ConvertName(label.ToString()));
            foreach (float w in weights)
            {
                csv.Append(',').Append(w.ToString("0.####", CultureInfo.InvariantCulture));
            }

            csv.Append('\n');
        }

        File.WriteAllText(Path.Combine(folder, "regimes.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(folder, "events.json"), JsonSerializer.Serialize(events, s_json));
        var generator = new
        {
            grid = options.Grid,
            from = options.From,
            to = options.To,
            cycleIntervalHours = options.CycleInterval.TotalHours,
            leadHours = options.LeadHours,
            seed = options.Seed,
            plantEvents = options.PlantEvents,
            warmSpellsPerMonth = options.WarmSpellsPerMonth,
            geography = geographySource,
            variables = AtmosphereModel.Variables.Select(v => v.ToString()),
            regimeChain = new
            {
                stepHours = RegimeChain.StepHours,
                meanPersistenceDays = RegimeChain.MeanPersistenceDays,
                relaxationHours = RegimeChain.RelaxationHours,
                transitions = Enumerable.Range(0, RegimeChain.RegimeCount)
                    .Select(i => Enumerable.Range(0, RegimeChain.RegimeCount).Select(j => RegimeChain.Transitions[i, j]).ToArray()),
            },
            constants = new
            {
                AtmosphereModel.AirDensity,
                AtmosphereModel.LapseRate,
                AtmosphereModel.WaveCoupling,
                AtmosphereModel.RegimeCoupling,
                AtmosphereModel.RegimeWarming,
                AtmosphereModel.AdvectionHours,
                AtmosphereModel.DiurnalLagHours,
                AtmosphereModel.SeaSpeedFactor,
                AtmosphereModel.LandSpeedFactor,
                AtmosphereModel.SeaTurningDegrees,
                AtmosphereModel.LandTurningDegrees,
                EventPlanner.HeatWaveBlockingDays,
                SolarRadiation.SolarConstant,
            },
        };
        File.WriteAllText(Path.Combine(folder, "generator.json"), JsonSerializer.Serialize(generator, s_json));
    }
}
