using System.Buffers;
using System.Text;
using System.Text.Json;
using TickStream.Client;
using TickStream.Wire;

namespace TickStream.Cli.Watch;

/// <summary>
/// JSON lines for the frames of request replies (<c>symbols --json</c>, <c>snapshot --json</c>), with the field
/// names of the Python client's decoder and of <c>watch --format json</c> (docs/CLIENT.md).
/// </summary>
internal static class RequestJson
{
    /// <summary>One InstrumentDefinition.</summary>
    public static string Format(InstrumentDefinitionDecoder d)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            var symbol = d.GetSymbolString();
            json.WriteStartObject();
            json.WriteString("type", "InstrumentDefinition");
            json.WriteString("topic", $"I.{symbol}|");
            json.WriteNumber("streamId", d.StreamId);
            json.WriteString("symbol", symbol);
            json.WriteNumber("instrumentId", d.InstrumentId);
            json.WriteString("venue", d.GetVenueString());
            WritePrice(json, "tickSize", d.TickSize.Mantissa);
            json.WriteNumber("roundLot", d.RoundLot);
            json.WriteNumber("displayDecimals", d.DisplayDecimals);
            json.WriteString("description", d.TryGetDescription(out var text, out _) ? Encoding.UTF8.GetString(text) : string.Empty);
            json.WriteNumber("time", d.Time);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One Snapshot; a side the gateway has nothing of is null.</summary>
    public static string Format(SnapshotDecoder s)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            var symbol = s.GetSymbolString();
            json.WriteStartObject();
            json.WriteString("type", "Snapshot");
            json.WriteString("topic", $"X.{symbol}|");
            json.WriteNumber("streamId", s.StreamId);
            json.WriteString("symbol", symbol);
            json.WriteNumber("streamSeq", s.StreamSeq);
            json.WriteNumber("symbolSeq", s.SymbolSeq);
            json.WriteNumber("exchangeTime", s.ExchangeTime);
            json.WriteNumber("ingestTime", s.IngestTime);
            json.WriteNumber("instrumentId", s.InstrumentId);
            json.WriteString("venue", s.GetVenueString());
            WriteSeq(json, "quoteSymbolSeq", s.QuoteSymbolSeq);
            WritePrice(json, "bidPrice", s.BidPrice.Mantissa);
            WriteSize(json, "bidSize", s.BidSize);
            WritePrice(json, "askPrice", s.AskPrice.Mantissa);
            WriteSize(json, "askSize", s.AskSize);
            WriteSeq(json, "tradeSymbolSeq", s.TradeSymbolSeq);
            WritePrice(json, "lastPrice", s.LastPrice.Mantissa);
            WriteSize(json, "lastSize", s.LastSize);
            WriteSeq(json, "lastTradeId", s.LastTradeId);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WritePrice(Utf8JsonWriter json, string name, long mantissa)
    {
        if (Price9.ToDecimal(mantissa) is { } price)
        {
            json.WriteNumber(name, price);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    // SBE's null of an optional uint64 is its largest value, of an int64 its smallest.
    private static void WriteSeq(Utf8JsonWriter json, string name, ulong value)
    {
        if (value == ulong.MaxValue)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value);
        }
    }

    private static void WriteSize(Utf8JsonWriter json, string name, long value)
    {
        if (value == long.MinValue)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value);
        }
    }
}
