using System.Diagnostics.Metrics;
using HdrHistogram;

namespace TickStream.Client;

/// <summary>
/// A subscriber's counters, gaps and end-to-end latency percentiles as System.Diagnostics.Metrics instruments
/// (meter <c>TickStream.Client</c>), tagged with the endpoints it reads. Observable: read when collected, nothing per
/// frame.
/// </summary>
public sealed class SubscriberMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "TickStream.Client";

    private readonly Meter _meter = new(MeterName, "1.0");

    /// <summary>Creates the instruments over a running subscriber.</summary>
    /// <param name="subscriber">The subscriber.</param>
    public SubscriberMetrics(TickSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var endpoints = new KeyValuePair<string, object?>("endpoints", string.Join(",", subscriber.Endpoints));
        _meter.CreateObservableCounter<long>("frames", () =>
        {
            var c = subscriber.Counters;
            return
            [
                new Measurement<long>(c.Trades, endpoints, new("type", "trade")),
                new Measurement<long>(c.Quotes, endpoints, new("type", "quote")),
                new Measurement<long>(c.BookUpdates, endpoints, new("type", "book_update")),
                new Measurement<long>(c.Heartbeats, endpoints, new("type", "heartbeat")),
                new Measurement<long>(c.StreamStarts, endpoints, new("type", "stream_start")),
                new Measurement<long>(c.InstrumentDefinitions, endpoints, new("type", "instrument_definition")),
            ];
        }, "{frame}", "Frames received, by type");
        _meter.CreateObservableCounter("gaps", () => new Measurement<long>(subscriber.Counters.Gaps, endpoints), "{gap}", "Sequence gaps detected");
        _meter.CreateObservableCounter("missing_frames", () => new Measurement<long>(subscriber.Counters.MissingFrames, endpoints), "{frame}", "Frames lost inside the gaps");
        _meter.CreateObservableCounter("gaps_repaired", () => new Measurement<long>(subscriber.Counters.GapsRepaired, endpoints), "{gap}", "Gaps repaired by retransmission");
        _meter.CreateObservableCounter("frames_repaired", () => new Measurement<long>(subscriber.Counters.FramesRepaired, endpoints), "{frame}", "Retransmitted frames delivered");
        _meter.CreateObservableCounter("gaps_lost", () => new Measurement<long>(subscriber.Counters.GapsLost, endpoints), "{gap}", "Runs of frames still missing after a repair");
        _meter.CreateObservableCounter("tails_repaired", () => new Measurement<long>(subscriber.Counters.TailsRepaired, endpoints), "{gap}", "Lost tails repaired after a tail check");
        _meter.CreateObservableCounter("gaps_unrepaired_at_close", () => new Measurement<long>(subscriber.Counters.GapsUnrepairedAtClose, endpoints), "{gap}", "Gaps still being repaired when the subscriber stopped");
        _meter.CreateObservableCounter("frames_delivered_at_close", () => new Measurement<long>(subscriber.Counters.FramesDeliveredAtClose, endpoints), "{frame}", "Held frames delivered when the subscriber stopped mid-repair");
        _meter.CreateObservableCounter("repair_requests", () => new Measurement<long>(subscriber.Counters.RepairRequests, endpoints), "{request}", "RETRANSMIT requests sent");
        _meter.CreateObservableCounter<long>("dropped", () =>
        {
            var c = subscriber.Counters;
            return
            [
                new Measurement<long>(c.Duplicates, endpoints, new("cause", "duplicate")),
                new Measurement<long>(c.Malformed, endpoints, new("cause", "malformed")),
                new Measurement<long>(c.RecordsDropped, endpoints, new("cause", "record_buffer_full")),
            ];
        }, "{frame}", "Frames received but not delivered, by cause");
        _meter.CreateObservableCounter("stale_events", () => new Measurement<long>(subscriber.Counters.StaleEvents, endpoints), "{event}", "Times a stream went stale");
        // End-to-end latency as a Prometheus histogram (X_bucket with le, X_count, X_sum: MeterExporter's convention),
        // from the subscriber's HdrHistogram when scraped.
        _meter.CreateObservableCounter<long>("latency_seconds_bucket", () => LatencyBuckets(subscriber, endpoints), "{frame}",
            "End-to-end latency (ingest to receive) since the start, in seconds");
        _meter.CreateObservableCounter("latency_seconds_count", () => new Measurement<long>(subscriber.Latency.Snapshot().TotalCount, endpoints), "{frame}",
            "End-to-end latency (ingest to receive) since the start, in seconds");
        _meter.CreateObservableCounter("latency_seconds_sum", () =>
        {
            var histogram = subscriber.Latency.Snapshot();
            return new Measurement<double>(histogram.TotalCount == 0 ? 0 : histogram.GetMean() * histogram.TotalCount / 1e9, endpoints);
        }, null, "End-to-end latency (ingest to receive) since the start, in seconds");
        _meter.CreateObservableGauge("last_frame_age", () => new Measurement<double>(subscriber.LastFrameAge.TotalSeconds, endpoints), "s", "Seconds since the last frame arrived");
    }

    /// <summary>Upper bounds of the latency buckets, in seconds: 10 us to 1 s.</summary>
    public static IReadOnlyList<double> LatencyBucketBounds { get; } =
        [10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 1.0];

    private static Measurement<long>[] LatencyBuckets(TickSubscriber subscriber, KeyValuePair<string, object?> endpoints)
    {
        var histogram = subscriber.Latency.Snapshot();
        var bounds = LatencyBucketBounds;
        var cumulative = new long[bounds.Count];
        foreach (var value in histogram.RecordedValues())
        {
            // Recorded in ns; a value counts in every bucket whose bound it does not exceed.
            var seconds = histogram.HighestEquivalentValue(value.ValueIteratedTo) / 1e9;
            for (var b = 0; b < bounds.Count; b++)
            {
                if (seconds <= bounds[b])
                {
                    cumulative[b] += value.CountAtValueIteratedTo;
                }
            }
        }

        var measurements = new Measurement<long>[bounds.Count + 1];
        for (var b = 0; b < bounds.Count; b++)
        {
            measurements[b] = new Measurement<long>(cumulative[b], endpoints, new("le", bounds[b].ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        }

        measurements[^1] = new Measurement<long>(histogram.TotalCount, endpoints, new("le", "+Inf"));
        return measurements;
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
