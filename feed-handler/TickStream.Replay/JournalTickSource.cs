using System.Globalization;
using System.Text;
using TickStream.Journal;
using TickStream.Sources;
using TickStream.Wire;

namespace TickStream.Replay;

/// <summary>
/// A tick source that reads a journal (<c>journal:DIR</c>): decodes the recorded Trade and Quote frames back into
/// <see cref="RawTick"/>s with their exchange times, so that replayed ticks go through the feed handler's pipeline
/// like live ones and get new stream sequences, ingest times and sessions. Paced by the recorded receive times
/// at a speed (as fast as possible by default).
/// </summary>
/// <remarks>
/// Recorded InstrumentDefinition frames register their instruments with the recorded reference data (tick size,
/// venue, round lot, decimals, description); a symbol whose definition is not in the journal (a window that starts
/// after it) is registered with the registry's default spec and the venue of its first tick. Heartbeats,
/// StreamStarts, BookUpdates and Snapshots are not ticks and are passed over (<see cref="FramesPassedOver"/>).
/// A frame that does not decode and every journal problem is reported through <see cref="Counters"/>; the journal
/// is read with skip-corrupt on by default, so a damaged record costs that record only. Nothing is allocated per
/// tick once every symbol is known.
/// </remarks>
public sealed class JournalTickSource : ITickSource
{
    private readonly string _directory;
    private readonly InstrumentRegistry _registry;
    private readonly JournalReadOptions? _read;
    private readonly double _speed;
    private long _framesPassedOver;

    /// <summary>Creates the source; the journal is opened on <see cref="Run"/>.</summary>
    /// <param name="directory">The journal directory.</param>
    /// <param name="registry">Where the recorded symbols are registered.</param>
    /// <param name="speed">Recorded time per wall time; <see cref="ReplaySpeed.Max"/> (the default) for as fast as possible.</param>
    /// <param name="read">Time window and symbol filter; skip-corrupt is on unless these options say otherwise.</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public JournalTickSource(string directory, InstrumentRegistry registry, double speed = ReplaySpeed.Max,
        JournalReadOptions? read = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        if (double.IsNaN(speed) || speed < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "The speed must be positive, or infinite for as fast as possible.");
        }

        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"journal directory '{directory}' does not exist");
        }

        _directory = directory;
        _speed = speed;
        _read = read;
        Name = "journal:" + Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        Counters = new SourceCounters(Name);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public SourceCounters Counters { get; }

    /// <summary>Recorded frames that are not ticks (heartbeats, stream starts, book updates, definitions).</summary>
    public long FramesPassedOver => Volatile.Read(ref _framesPassedOver);

    /// <inheritdoc />
    public void Run(ITickSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sink);
        JournalReader reader;
        try
        {
            reader = JournalReader.Open(_directory, new JournalReadOptions
            {
                FromTimeNs = _read?.FromTimeNs,
                ToTimeNs = _read?.ToTimeNs,
                Symbols = _read?.Symbols,
                SkipCorrupt = _read?.SkipCorrupt ?? true,
                BufferSize = _read?.BufferSize ?? 1 << 20,
                OnProblem = problem =>
                {
                    Counters.ReportMalformed(LocationOf(problem.SegmentPath, problem.Offset), problem.Kind + ": " + problem.Detail);
                    _read?.OnProblem?.Invoke(problem);
                },
            });
        }
        catch (JournalException e)
        {
            Counters.ReportMalformed(Name, e.Message);
            return;
        }

        using (reader)
        {
            var pacer = new ReplayPacer(_speed);
            var tick = default(RawTick);
            while (!ct.IsCancellationRequested && reader.TryRead(out var record))
            {
                pacer.WaitUntilDue(record.ReceiveTimeNs, ct);
                if (ct.IsCancellationRequested)
                {
                    break;
                }

                if (Decode(record, ref tick))
                {
                    sink.OnTick(ref tick);
                    Counters.AddTicksRead(1);
                }
            }
        }
    }

    private bool Decode(JournalRecord record, ref RawTick tick)
    {
        if (!Topic.TrySplit(record.Message, out _, out var frame)
            || !MessageHeaderDecoder.TryWrap(frame, 0, 0, out var header))
        {
            Report(record, "not a topic and an SBE frame");
            return false;
        }

        SbeDecodeError error;
        switch (header.TemplateId)
        {
            case TradeDecoder.TemplateId:
                if (!TradeDecoder.TryWrap(frame, out var trade, out error))
                {
                    Report(record, "Trade does not decode: " + error);
                    return false;
                }

                if (!TryGetInstrument(record, trade.Symbol, trade.Venue, out var tradeInstrument))
                {
                    return false;
                }

                tick.Clear();
                tick.Kind = TickKind.Trade;
                tick.InstrumentId = tradeInstrument;
                tick.ExchangeTimeNs = (long)trade.ExchangeTime;
                tick.Price = trade.Price.Mantissa;
                tick.Size = trade.Size;
                tick.AggressorSide = (byte)trade.AggressorSide;
                tick.TradeId = trade.TradeId;
                tick.BidPrice = RawTick.EmptyPrice;
                tick.AskPrice = RawTick.EmptyPrice;
                tick.Flags = (ushort)trade.Flags;
                return true;
            case QuoteDecoder.TemplateId:
                if (!QuoteDecoder.TryWrap(frame, out var quote, out error))
                {
                    Report(record, "Quote does not decode: " + error);
                    return false;
                }

                if (!TryGetInstrument(record, quote.Symbol, quote.Venue, out var quoteInstrument))
                {
                    return false;
                }

                tick.Clear();
                tick.Kind = TickKind.Quote;
                tick.InstrumentId = quoteInstrument;
                tick.ExchangeTimeNs = (long)quote.ExchangeTime;
                tick.BidPrice = quote.BidPrice.Mantissa;
                tick.BidSize = quote.BidSize;
                tick.AskPrice = quote.AskPrice.Mantissa;
                tick.AskSize = quote.AskSize;
                tick.Flags = (ushort)quote.Flags;
                return true;
            case InstrumentDefinitionDecoder.TemplateId:
                Interlocked.Increment(ref _framesPassedOver);
                if (InstrumentDefinitionDecoder.TryWrap(frame, out var definition, out error))
                {
                    Register(record, definition);
                }
                else
                {
                    Report(record, "InstrumentDefinition does not decode: " + error);
                }

                return false;
            default:
                Interlocked.Increment(ref _framesPassedOver);
                return false;
        }
    }

    // Runs once per new symbol: allocating here is fine.
    private void Register(JournalRecord record, InstrumentDefinitionDecoder definition)
    {
        if (_registry.TryGetId(definition.Symbol, out _))
        {
            return;
        }

        var description = definition.TryGetDescription(out var text, out _) ? Encoding.UTF8.GetString(text) : "";
        var spec = new InstrumentSpec(definition.TickSize.Mantissa, definition.GetVenueString(), (int)definition.RoundLot,
            definition.DisplayDecimals, description);
        if (!spec.IsValid(out var specError))
        {
            Report(record, $"InstrumentDefinition of '{definition.GetSymbolString()}' has bad reference data ({specError}); the default spec is used");
            spec = _registry.DefaultSpec;
        }

        if (!_registry.TryGetOrAdd(definition.Symbol, spec, out _, out var error))
        {
            Report(record, error!);
        }
    }

    private bool TryGetInstrument(JournalRecord record, ReadOnlySpan<byte> symbol, ReadOnlySpan<byte> venue, out int id)
    {
        if (_registry.TryGetId(symbol, out id))
        {
            return true;
        }

        // A symbol seen before its definition (a window that starts later): registered once, with the tick's venue.
        var spec = _registry.DefaultSpec;
        if (venue.Length == 4)
        {
            spec = spec with { Venue = Encoding.ASCII.GetString(venue) };
        }

        if (_registry.TryGetOrAdd(symbol, spec.IsValid(out _) ? spec : _registry.DefaultSpec, out id, out var error))
        {
            return true;
        }

        Report(record, error!);
        return false;
    }

    private void Report(JournalRecord record, string reason) =>
        Counters.ReportMalformed(LocationOf(record.SegmentNumber.ToString("D8", CultureInfo.InvariantCulture) + ".tsj", record.Offset), reason);

    private string LocationOf(string segment, long offset) =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} {Path.GetFileName(segment)} offset {offset}");
}
