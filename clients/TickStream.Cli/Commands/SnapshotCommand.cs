using System.CommandLine;
using System.Globalization;
using TickStream.Cli.Watch;
using TickStream.Client;
using TickStream.Wire;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream snapshot SYMBOL...</c>: the last quote and trade a gateway holds for each symbol (SNAPSHOT).</summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var symbols = new Argument<string[]>("symbols") { Description = "Symbols to ask for; * for every symbol the gateway holds", Arity = ArgumentArity.OneOrMore };
        var shared = new GatewayRequestCli();
        var command = new Command("snapshot", "Ask a gateway for the last quote and trade of symbols (its SNAPSHOT request), one line per symbol and stream. "
            + "Exit codes: 0 every symbol asked for has a snapshot; 1 a symbol has none (unknown, or nothing cached yet), no reply, or a refusal; 2 bad arguments.")
        {
            symbols,
        };
        shared.AddTo(command);
        command.Validators.Add(result =>
        {
            foreach (var symbol in result.GetValue(symbols) ?? [])
            {
                if (symbol != "*" && !Topic.IsValidSymbol(System.Text.Encoding.ASCII.GetBytes(symbol.ToUpperInvariant())))
                {
                    result.AddError($"'{symbol}' is not a valid symbol: 1 to {Topic.MaxSymbolLength} of A-Z 0-9 . / _ -");
                }
            }
        });
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var json = shared.Json(parse);
            var wanted = (parse.GetValue(symbols) ?? []).Select(s => s.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
            var found = new HashSet<string>(StringComparer.Ordinal);
            var code = shared.Run(parse, "snapshot", "SNAPSHOT " + string.Join(' ', wanted), frame =>
            {
                if (Topic.TrySplit(frame, out _, out var body) && SnapshotDecoder.TryWrap(body, out var snapshot, out _))
                {
                    found.Add(snapshot.GetSymbolString());
                    output.WriteLine(json ? RequestJson.Format(snapshot) : Text(snapshot));
                }
            });
            var missing = wanted.Where(s => s != "*" && !found.Contains(s)).ToList();
            if (code == 0 && (missing.Count > 0 || found.Count == 0))
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"tickstream snapshot: no snapshot of {(missing.Count > 0 ? string.Join(", ", missing) : "any symbol")}: an unknown symbol (tickstream symbols lists them), or nothing cached yet (start the gateway with --cache-all)");
                return 1;
            }

            return code;
        });
        return command;
    }

    private static string Text(SnapshotDecoder s)
    {
        static string Price(long mantissa) => Price9.ToDecimal(mantissa)?.ToString(CultureInfo.InvariantCulture) ?? "-";
        var bid = s.BidSize == long.MinValue ? "-" : string.Create(CultureInfo.InvariantCulture, $"{s.BidSize}@{Price(s.BidPrice.Mantissa)}");
        var ask = s.AskSize == long.MinValue ? "-" : string.Create(CultureInfo.InvariantCulture, $"{s.AskSize}@{Price(s.AskPrice.Mantissa)}");
        var last = s.LastSize == long.MinValue ? "-" : string.Create(CultureInfo.InvariantCulture, $"{s.LastSize}@{Price(s.LastPrice.Mantissa)}");
        return string.Create(CultureInfo.InvariantCulture, $"{s.GetSymbolString(),-16} stream {s.StreamId,-5} bid {bid,-18} ask {ask,-18} last {last}");
    }
}
