using System.Text;
using TickStream.Sources;

namespace TickStream.FeedHandler;

/// <summary>What a stream keeps per instrument: its wire identity, ready as bytes, and its class sequences.</summary>
public sealed class InstrumentState
{
    /// <summary>Creates the state of an instrument first seen on a stream.</summary>
    /// <param name="instrument">The instrument's definition.</param>
    public InstrumentState(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        Instrument = instrument;
        Symbol = Encoding.ASCII.GetBytes(instrument.Symbol);
        Venue = Encoding.ASCII.GetBytes(instrument.Venue);
        Description = Encoding.UTF8.GetBytes(instrument.Description);
    }

    /// <summary>The instrument's definition.</summary>
    public Instrument Instrument { get; }

    /// <summary>The symbol's ASCII bytes.</summary>
    public byte[] Symbol { get; }

    /// <summary>The venue MIC's ASCII bytes.</summary>
    public byte[] Venue { get; }

    /// <summary>The description's UTF-8 bytes.</summary>
    public byte[] Description { get; }

    /// <summary>The last symbolSeq given to a Trade of this instrument on this stream.</summary>
    public ulong TradeSeq { get; set; }

    /// <summary>The last symbolSeq given to a Quote of this instrument on this stream.</summary>
    public ulong QuoteSeq { get; set; }

    /// <summary>The last symbolSeq given to a BookUpdate of this instrument on this stream.</summary>
    public ulong BookSeq { get; set; }
}
