using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace TickStream.Monitoring;

/// <summary>
/// Writes every System.Diagnostics.Metrics instrument of the process in the Prometheus text format, following
/// Prometheus' conventions: counters (<see cref="ObservableCounter{T}"/>, <see cref="Counter{T}"/>) as TYPE counter
/// named <c>*_total</c>; gauges and up-down counters as TYPE gauge; unit <c>s</c> as a <c>_seconds</c> suffix and
/// <c>By</c> as <c>_bytes</c>; the instrument's description as HELP, nothing else. Three observable counters named
/// <c>X_bucket</c> (with an <c>le</c> tag), <c>X_count</c> and <c>X_sum</c> make one TYPE histogram <c>X</c>.
/// </summary>
/// <remarks>
/// Names are the meter's and the instrument's, lower case, with anything but letters, digits and '_' made '_'
/// (meter <c>TickStream.Feed</c>, instrument <c>ticks_in</c>: <c>tickstream_feed_ticks_in_total</c>). Observable
/// instruments are read when scraped, so they cost nothing between scrapes; a non-observable counter is summed as
/// it is added to. Histogram instruments of other libraries are not exported.
/// </remarks>
public sealed class MeterExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<Instrument, Dictionary<string, double>> _values = [];

    /// <summary>Starts listening to every meter of the process, those created later included.</summary>
    public MeterExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Kind(instrument) is not null)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (_lock)
            {
                _values.Remove(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<short>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<byte>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<decimal>((i, v, tags, _) => Record(i, (double)v, tags));
        _listener.Start();
    }

    /// <summary>The Prometheus name of an instrument (without <c>_total</c>): meter and instrument name, then the unit's suffix.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The name.</returns>
    public static string BaseName(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = Sanitize(instrument.Meter.Name + "_" + instrument.Name);
        var suffix = instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => "",
        };
        return suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal) ? name + suffix : name;
    }

    /// <summary>Reads the observable instruments and writes everything as Prometheus text.</summary>
    /// <param name="output">Where to write.</param>
    public void WriteTo(StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_lock)
        {
            foreach (var (instrument, series) in _values)
            {
                if (IsObservable(instrument))
                {
                    // Observable instruments report their whole state each time: what they no longer report is gone.
                    series.Clear();
                }
            }

            _listener.RecordObservableInstruments();
            var histograms = new HashSet<string>(StringComparer.Ordinal);
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (instrument, _) in _values)
            {
                var name = BaseName(instrument);
                if (name.EndsWith("_bucket", StringComparison.Ordinal) && Kind(instrument) == "counter")
                {
                    histograms.Add(name[..^"_bucket".Length]);
                }
            }

            foreach (var (instrument, series) in _values)
            {
                if (series.Count == 0)
                {
                    continue;
                }

                var name = BaseName(instrument);
                var kind = Kind(instrument)!;
                string? histogram = HistogramOf(name, histograms);
                if (histogram is not null)
                {
                    if (written.Add(histogram))
                    {
                        output.Append("# HELP ").Append(histogram).Append(' ').Append(Help(instrument)).Append('\n');
                        output.Append("# TYPE ").Append(histogram).Append(" histogram\n");
                    }
                }
                else
                {
                    if (kind == "counter" && !name.EndsWith("_total", StringComparison.Ordinal))
                    {
                        name += "_total";
                    }

                    output.Append("# HELP ").Append(name).Append(' ').Append(Help(instrument)).Append('\n');
                    output.Append("# TYPE ").Append(name).Append(' ').Append(kind).Append('\n');
                }

                foreach (var (labels, value) in series)
                {
                    output.Append(name).Append(labels).Append(' ')
                        .Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private static string? HistogramOf(string name, HashSet<string> histograms)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["_bucket", "_count", "_sum"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && histograms.Contains(name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }

    private static bool IsObservable(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(ObservableCounter<>) || d == typeof(ObservableGauge<>) || d == typeof(ObservableUpDownCounter<>));
    }

    /// <summary>counter, gauge, or null for what is not exported (histograms of other libraries).</summary>
    private static string? Kind(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var d = type.GetGenericTypeDefinition();
        return d == typeof(ObservableCounter<>) || d == typeof(Counter<>) ? "counter"
            : d == typeof(ObservableGauge<>) || d == typeof(ObservableUpDownCounter<>) || d == typeof(UpDownCounter<>) || d == typeof(Gauge<>) ? "gauge"
            : null;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (_lock)
        {
            if (!_values.TryGetValue(instrument, out var series))
            {
                series = new Dictionary<string, double>(StringComparer.Ordinal);
                _values[instrument] = series;
            }

            if (IsObservable(instrument) || instrument.GetType().GetGenericTypeDefinition() == typeof(Gauge<>))
            {
                series[labels] = value;
            }
            else
            {
                series[labels] = series.GetValueOrDefault(labels) + value;
            }
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder("{");
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var value = Convert.ToString(sorted[i].Value, CultureInfo.InvariantCulture) ?? "";
            text.Append(Sanitize(sorted[i].Key)).Append("=\"")
                .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }

        return text.Append('}').ToString();
    }

    private static string Help(Instrument instrument) =>
        (instrument.Description ?? instrument.Name).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Sanitize(string name)
    {
        var chars = name.ToLowerInvariant().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}
