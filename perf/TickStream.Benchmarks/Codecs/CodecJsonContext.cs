using System.Text.Json.Serialization;

namespace TickStream.Benchmarks.Codecs;

/// <summary>Source-generated System.Text.Json metadata, so the baseline is the fastest JSON the runtime offers.</summary>
[JsonSerializable(typeof(QuoteRecord))]
[JsonSerializable(typeof(TradeRecord))]
internal sealed partial class CodecJsonContext : JsonSerializerContext;
