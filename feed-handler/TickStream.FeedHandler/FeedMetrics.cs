using System.Diagnostics.Metrics;

namespace TickStream.FeedHandler;

/// <summary>
/// The feed handler's counters and gauges as System.Diagnostics.Metrics instruments (meter <c>TickStream.Feed</c>),
/// each measurement tagged with the publishing endpoint so that several feed handlers in one process stay apart.
/// </summary>
/// <remarks>
/// Counters are observable counters (exported as <c>tickstream_feed_*_total</c>), times are in seconds (unit
/// <c>s</c>, exported with the suffix <c>_seconds</c>): docs/OPERATIONS.md lists them. Every instrument is observable: it reads the counters the hot path already keeps when a listener (the Prometheus
/// endpoint) collects, so metrics add nothing per tick.
/// </remarks>
public sealed class FeedMetrics : IDisposable
{
    /// <summary>The meter's name, for listeners that select meters by name.</summary>
    public const string MeterName = "TickStream.Feed";

    private readonly Meter _meter = new(MeterName, "1.0");

    /// <summary>Creates the instruments over a running feed handler.</summary>
    /// <param name="engine">The feed handler.</param>
    public FeedMetrics(FeedEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var endpoint = new KeyValuePair<string, object?>("endpoint", engine.Endpoint);
        var counters = engine.Counters;
        _meter.CreateObservableCounter("ticks_in", () => new Measurement<long>(counters.TicksIn, endpoint), "{tick}", "Ticks the sources handed to the feed handler");
        _meter.CreateObservableCounter("frames_published", () => new Measurement<long>(counters.Published, endpoint), "{frame}", "Frames sent on the PUB socket, heartbeats included");
        _meter.CreateObservableCounter("stream_starts_announced", () => new Measurement<long>(counters.StreamStartsAnnounced, endpoint), "{frame}", "StreamStarts sent again for subscribers that joined after them");
        _meter.CreateObservableCounter("publisher_runs_on_sources", () => new Measurement<long>(engine.PublisherRunsOnSources, endpoint), "{run}", "Times a source thread sent what it published itself, the publisher's thread being parked");
        _meter.CreateObservableCounter("heartbeats", () => new Measurement<long>(counters.Heartbeats, endpoint), "{frame}", "Heartbeats sent, one per stream per interval");
        _meter.CreateObservableCounter<long>("dropped", () =>
        [
            new Measurement<long>(counters.Dropped, endpoint, new("cause", "ring_full")),
            new Measurement<long>(counters.Rejected, endpoint, new("cause", "unknown_instrument")),
            new Measurement<long>(counters.SendFailures, endpoint, new("cause", "send_failed")),
        ], "{tick}", "Ticks or frames not published, by cause");
        _meter.CreateObservableCounter("source_ticks", () => PerSource(engine, endpoint, malformed: false), "{tick}", "Ticks read per source");
        _meter.CreateObservableCounter("source_malformed", () => PerSource(engine, endpoint, malformed: true), "{input}", "Malformed input per source");
        _meter.CreateObservableCounter("frames_not_journaled", () => new Measurement<long>(counters.NotJournaled, endpoint), "{frame}",
            "Frames and heartbeats published but not journaled because journal writes failed (disk full); each outage leaves a hole that journal inspect reports");
        _meter.CreateObservableGauge("journal_write_failing", () => new Measurement<int>(counters.JournalFaulted ? 1 : 0, endpoint), "1",
            "1 while journal writes fail (the journal retries every second), else 0");
        _meter.CreateObservableGauge("subscriptions", () => new Measurement<long>(counters.Subscriptions, endpoint), "{subscription}", "Subscriptions the publishing socket knows of");
        _meter.CreateObservableGauge("ring_fill", () => new Measurement<double>(engine.RingFill, endpoint), "1", "Share of the ring holding frames not yet published");
        _meter.CreateObservableGauge("last_tick_age", () => new Measurement<double>(engine.LastTickAge.TotalSeconds, endpoint), "s", "Seconds since the last tick arrived");
    }

    private static IEnumerable<Measurement<long>> PerSource(FeedEngine engine, KeyValuePair<string, object?> endpoint, bool malformed)
    {
        foreach (var source in engine.Sources)
        {
            var value = malformed ? source.Counters.Malformed : source.Counters.TicksRead;
            yield return new Measurement<long>(value, endpoint, new("source", source.Name));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
