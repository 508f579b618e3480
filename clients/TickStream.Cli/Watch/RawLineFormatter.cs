using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TickStream.Client;

namespace TickStream.Cli.Watch;

/// <summary>Formats one record as a line of text or one JSON object, for <c>watch --raw</c>.</summary>
internal sealed class RawLineFormatter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    public string Format(in TickRecord record, WatchFormat format) =>
        format == WatchFormat.Json ? Json(record) : Text(record);

    public static string Text(in TickRecord r)
    {
        var inv = CultureInfo.InvariantCulture;
        return r.Kind switch
        {
            TickKind.Trade => string.Create(inv, $"T {r.StreamId} {r.Symbol} seq={r.SymbolSeq}/{r.StreamSeq} {r.Size}@{Price(r.Price)} lat={Micros(r.LatencyNs)}us"),
            TickKind.Quote => string.Create(inv, $"Q {r.StreamId} {r.Symbol} seq={r.SymbolSeq}/{r.StreamSeq} bid={r.Size}@{Price(r.Price)} ask={r.AskSize}@{Price(r.AskPrice)} lat={Micros(r.LatencyNs)}us"),
            TickKind.BookUpdate => string.Create(inv, $"B {r.StreamId} {r.Symbol} seq={r.SymbolSeq}/{r.StreamSeq} lat={Micros(r.LatencyNs)}us"),
            TickKind.Heartbeat => string.Create(inv, $"H {r.StreamId} streamSeq={r.StreamSeq}"),
            TickKind.StreamStart => string.Create(inv, $"S {r.StreamId} session={r.SessionId}"),
            TickKind.InstrumentDefinition => string.Create(inv, $"I {r.StreamId} {r.Symbol}"),
            _ => string.Create(inv, $"{r.Kind} {r.StreamId} {r.Symbol}"),
        };
    }

    private string Json(in TickRecord r)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", r.Kind.ToString());
            json.WriteNumber("stream", r.StreamId);
            if (r.Symbol.Length > 0)
            {
                json.WriteString("symbol", r.Symbol);
            }

            switch (r.Kind)
            {
                case TickKind.Trade:
                case TickKind.Quote:
                case TickKind.BookUpdate:
                    json.WriteNumber("streamSeq", r.StreamSeq);
                    json.WriteNumber("symbolSeq", r.SymbolSeq);
                    json.WriteNumber("exchangeTime", r.ExchangeTimeNs);
                    json.WriteNumber("ingestTime", r.IngestTimeNs);
                    json.WriteNumber("receiveTime", r.ReceiveTimeNs);
                    json.WriteNumber("latencyNs", r.LatencyNs);
                    json.WriteNumber("flags", r.Flags);
                    if (r.Kind == TickKind.Trade)
                    {
                        WritePrice(json, "price", r.Price);
                        json.WriteNumber("size", r.Size);
                    }
                    else if (r.Kind == TickKind.Quote)
                    {
                        WritePrice(json, "bid", r.Price);
                        json.WriteNumber("bidSize", r.Size);
                        WritePrice(json, "ask", r.AskPrice);
                        json.WriteNumber("askSize", r.AskSize);
                    }

                    break;
                case TickKind.Heartbeat:
                    json.WriteNumber("streamSeq", r.StreamSeq);
                    json.WriteNumber("time", r.ExchangeTimeNs);
                    break;
                case TickKind.StreamStart:
                    json.WriteNumber("sessionId", r.SessionId);
                    json.WriteNumber("time", r.ExchangeTimeNs);
                    break;
                default:
                    json.WriteNumber("time", r.ExchangeTimeNs);
                    break;
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
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

    private static string Price(long mantissa) =>
        Price9.ToDecimal(mantissa)?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Micros(long ns) => (ns / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);
}
