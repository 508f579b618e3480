using System.CommandLine;
using System.Globalization;
using System.Text;
using TickStream.Cli.Watch;
using TickStream.Client;
using TickStream.Wire;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream symbols</c>: every instrument a gateway knows (LIST), one a line.</summary>
internal static class SymbolsCommand
{
    public static Command Create()
    {
        var shared = new GatewayRequestCli();
        var command = new Command("symbols", "List the instruments a gateway knows (its LIST request): symbol, stream, instrument id, venue, tick size, round lot, description. "
            + "Exit codes: 0 the list was received (and is not empty); 1 no reply, a refusal (not logged in, not a gateway) or an empty list; 2 bad arguments.");
        shared.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var json = shared.Json(parse);
            var count = 0;
            var code = shared.Run(parse, "symbols", "LIST", frame =>
            {
                if (Topic.TrySplit(frame, out _, out var body) && InstrumentDefinitionDecoder.TryWrap(body, out var definition, out _))
                {
                    output.WriteLine(json ? RequestJson.Format(definition) : Text(definition));
                    count++;
                }
            });
            if (code == 0 && count == 0)
            {
                parse.InvocationConfiguration.Error.WriteLine("tickstream symbols: the gateway knows no instrument yet: is its feed running (tickstream gateway --sub)?");
                return 1;
            }

            return code;
        });
        return command;
    }

    private static string Text(InstrumentDefinitionDecoder d)
    {
        var description = d.TryGetDescription(out var bytes, out _) ? Encoding.UTF8.GetString(bytes) : string.Empty;
        var tick = Price9.ToDecimal(d.TickSize.Mantissa)?.ToString(CultureInfo.InvariantCulture) ?? "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{d.GetSymbolString(),-16} stream {d.StreamId,-5} id {d.InstrumentId,-6} {d.GetVenueString(),-4} tick {tick,-8} lot {d.RoundLot,-6} {description}");
    }
}
