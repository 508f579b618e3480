using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TickStream.Client;

namespace TickStream.Cli.Watch;

/// <summary>
/// Formats one record as a line of text or one JSON object, for <c>watch --raw</c>. The JSON line has the field
/// names of the Python client's (<c>python3 -m tickstream</c>), so one parser reads both (docs/CLIENT.md).
/// </summary>
internal sealed class RawLineFormatter
{
    // The TickFlags bits by position, named as the Python client names them.
    private static readonly string[] FlagNames = ["Synthetic", "Crossed", "OddLot", "CrossTrade", "NonDisplayed", "Recovered"];
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
            json.WriteString("topic", TopicOf(r));
            json.WriteNumber("streamId", r.StreamId);
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
                    json.WriteStartArray("flags");
                    for (var bit = 0; bit < FlagNames.Length; bit++)
                    {
                        if ((r.Flags & (1 << bit)) != 0)
                        {
                            json.WriteStringValue(FlagNames[bit]);
                        }
                    }

                    json.WriteEndArray();
                    if (r.Kind == TickKind.Trade)
                    {
                        WritePrice(json, "price", r.Price);
                        json.WriteNumber("size", r.Size);
                    }
                    else if (r.Kind == TickKind.Quote)
                    {
                        WritePrice(json, "bidPrice", r.Price);
                        json.WriteNumber("bidSize", r.Size);
                        WritePrice(json, "askPrice", r.AskPrice);
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

    private static string TopicOf(in TickRecord r) => r.Kind switch
    {
        TickKind.Heartbeat => "H|",
        TickKind.StreamStart => "S|",
        TickKind.Trade => $"T.{r.Symbol}|",
        TickKind.Quote => $"Q.{r.Symbol}|",
        TickKind.BookUpdate => $"B.{r.Symbol}|",
        TickKind.InstrumentDefinition => $"I.{r.Symbol}|",
        TickKind.Snapshot => $"X.{r.Symbol}|",
        _ => string.Empty,
    };

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
