using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Monitor.Service.Hosting;

namespace Monitor.Service.Http;

/// <summary>
/// Listens to this host's <see cref="MonitorMetrics"/> meter (not another host's of the same name in the process) and renders its instruments in the Prometheus text
/// exposition format (version 0.0.4): counters as <c>_total</c>, histograms as <c>_count</c> and <c>_sum</c> (a summary
/// without quantiles), gauges as their last observed value.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _sums = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), long> _counts = new();
    private readonly ConcurrentDictionary<string, (string Kind, string Help)> _instruments = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _gauges = new();
    private readonly Lock _scrape = new();

    /// <summary>Starts listening to <paramref name="metrics"/>' meter.</summary>
    public PrometheusExporter(MonitorMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Meter meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!ReferenceEquals(instrument.Meter, meter))
            {
                return;
            }

            string kind = instrument switch
            {
                Counter<long> or Counter<double> => "counter",
                Histogram<double> or Histogram<long> => "summary",
                _ => "gauge",
            };
            _instruments[instrument.Name] = (kind, instrument.Description ?? instrument.Name);
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Measure(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Measure(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Measure(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The current values as Prometheus text.</summary>
    public string Scrape()
    {
        lock (_scrape)
        {
            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach ((string name, (string kind, string help)) in _instruments.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
                text.Append("# TYPE ").Append(name).Append(kind == "counter" ? "_total counter" : " " + kind).Append('\n');
                if (kind == "gauge")
                {
                    foreach (var ((_, labels), value) in _gauges.Where(g => g.Key.Name == name).OrderBy(g => g.Key.Labels, StringComparer.Ordinal))
                    {
                        Line(text, name, labels, value);
                    }

                    continue;
                }

                foreach (var ((_, labels), sum) in _sums.Where(s => s.Key.Name == name).OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
                {
                    if (kind == "counter")
                    {
                        Line(text, name + "_total", labels, sum);
                    }
                    else
                    {
                        Line(text, name + "_count", labels, _counts.GetValueOrDefault((name, labels)));
                        Line(text, name + "_sum", labels, sum);
                    }
                }

                if (kind == "counter" && !_sums.Keys.Any(k => k.Name == name))
                {
                    Line(text, name + "_total", "", 0);
                }
            }

            return text.ToString();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void Measure(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string labels = Labels(tags);
        (string kind, _) = _instruments.GetValueOrDefault(instrument.Name, ("gauge", ""));
        if (kind == "gauge")
        {
            _gauges[(instrument.Name, labels)] = value;
            return;
        }

        _sums.AddOrUpdate((instrument.Name, labels), value, (_, sum) => sum + value);
        _counts.AddOrUpdate((instrument.Name, labels), 1, (_, count) => count + 1);
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var pairs = new List<string>(tags.Length);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            string value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            pairs.Add($"{tag.Key}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    private static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels.Length == 0 ? "" : "{" + labels + "}").Append(' ')
            .Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf")
            .Append('\n');
}
