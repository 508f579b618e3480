using FsCheck;
using TickStream.Client;

namespace TickStream.Fuzzing;

/// <summary>
/// Fuzzes the subscriber's whole receive path without a socket: split, validate, sequence tracking, latency, and a
/// handler that reads every accessor of the frame's kind, as an application would. One subscriber takes every case,
/// so the tracker's state builds up across cases the way it does on a live connection.
/// </summary>
public sealed class ClientFuzz : IDisposable
{
    private readonly TickSubscriber _subscriber;
    private long _fieldSum;

    /// <summary>Creates the subscriber (never started: cases go straight into its receive path).</summary>
    public ClientFuzz()
    {
        var options = new TickSubscriberOptions { SubscribeAll = true, HeartbeatTimeout = TimeSpan.FromMinutes(5) };
        options.Endpoints.Add("tcp://127.0.0.1:1");
        _subscriber = new TickSubscriber(options, ReadEveryField);
    }

    /// <summary>The cases: topic-prefixed messages, valid and mutated.</summary>
    public static Gen<FuzzCase> Cases => TopicFuzz.Cases;

    /// <summary>The subscriber, for its counters.</summary>
    public TickSubscriber Subscriber => _subscriber;

    /// <summary>Reads every accessor that belongs to the frame's kind; throws on the fuzzed data only through a bug.</summary>
    /// <param name="tick">The frame.</param>
    public void ReadEveryField(in TickView tick)
    {
        var sum = tick.StreamId + (long)tick.StreamSeq + (long)tick.SymbolSeq + tick.Symbol.Length + tick.Venue.Length + tick.Flags
            + tick.InstrumentId + tick.LatencyNs + (long)tick.ControlTimeNs + (long)tick.ExchangeTimeNs + tick.Topic.Length + tick.Version;
        switch (tick.Kind)
        {
            case TickKind.Trade:
                sum += tick.TradePrice + tick.TradeSize + (long)tick.TradeId + tick.AggressorSide;
                break;
            case TickKind.Quote:
                sum += tick.BidPrice + tick.BidSize + tick.AskPrice + tick.AskSize;
                break;
            case TickKind.BookUpdate:
                for (var i = 0; i < tick.BookLevelCount; i++)
                {
                    var level = tick.GetBookLevel(i);
                    sum += level.Price + level.Size;
                }

                break;
            case TickKind.StreamStart:
                sum += (long)tick.SessionId + tick.StreamName.Length;
                break;
        }

        _fieldSum += sum;
    }

    /// <summary>Runs one message through the receive path; a throw or a handler fault is a finding.</summary>
    /// <param name="c">The case.</param>
    public void Check(FuzzCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var faults = _subscriber.Counters.HandlerFaults;
        _subscriber.Process(c.Data);
        if (_subscriber.Counters.HandlerFaults != faults)
        {
            throw new FuzzFindingException($"the handler faulted reading the frame's own fields: {_subscriber.LastHandlerFault}");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _subscriber.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"client fuzz (field sum {_fieldSum})";
}
