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
        _meter.CreateObservableGauge<double>("latency_us", () =>
        {
            var histogram = subscriber.Latency.Snapshot();
            if (histogram.TotalCount == 0)
            {
                return [];
            }

            return
            [
                new Measurement<double>(histogram.GetValueAtPercentile(50) / 1000.0, endpoints, new("percentile", "50")),
                new Measurement<double>(histogram.GetValueAtPercentile(99) / 1000.0, endpoints, new("percentile", "99")),
                new Measurement<double>(histogram.GetValueAtPercentile(99.9) / 1000.0, endpoints, new("percentile", "99.9")),
                new Measurement<double>(histogram.GetMaxValue() / 1000.0, endpoints, new("percentile", "100")),
            ];
        }, "us", "End-to-end latency (ingest to receive) since the start, by percentile");
        _meter.CreateObservableGauge("last_frame_age", () => new Measurement<double>(subscriber.LastFrameAge.TotalSeconds, endpoints), "s", "Seconds since the last frame arrived");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
