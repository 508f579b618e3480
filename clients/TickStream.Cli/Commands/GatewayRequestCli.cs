using System.CommandLine;
using TickStream.Cli.Hosting;
using TickStream.Client;

namespace TickStream.Cli.Commands;

/// <summary>
/// What the verbs that ask a gateway's request service share (<c>symbols</c>, <c>snapshot</c>): its endpoint, the
/// CurveZMQ key and credential, a timeout, JSON output; and one way to turn a refused or unanswered request into a
/// plain line and exit 1.
/// </summary>
internal sealed class GatewayRequestCli
{
    private readonly Option<string> _endpoint = new("--req", "-r") { Description = "The gateway's request endpoint (its --req)", DefaultValueFactory = _ => "tcp://127.0.0.1:5556" };
    private readonly Option<TimeSpan> _timeout = CliDuration.Option("--timeout", "How long to wait for each reply message", TimeSpan.FromSeconds(5));
    private readonly Option<bool> _json = new("--json") { Description = "One JSON object a line (docs/CLIENT.md) instead of a table" };
    private readonly CurveClientOptions _curve = new();

    /// <summary>Adds the options to a command, and a check of the endpoint.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_endpoint);
        command.Options.Add(_timeout);
        command.Options.Add(_json);
        _curve.AddTo(command);
        command.Validators.Add(result =>
        {
            if (!ZmqEndpoint.TryValidate(result.GetValue(_endpoint), bind: false, out var error))
            {
                result.AddError("--req: " + error);
            }
        });
    }

    /// <summary>Whether JSON lines were asked for.</summary>
    public bool Json(ParseResult parse) => parse.GetValue(_json);

    /// <summary>
    /// Sends <paramref name="request"/> (after LOGIN when a credential is given) and hands each data frame of the
    /// reply to <paramref name="onFrame"/>; returns 0, or the exit code after a plain line on the error writer.
    /// </summary>
    public int Run(ParseResult parse, string verb, string request, Action<byte[]> onFrame)
    {
        var error = parse.InvocationConfiguration.Error;
        if (!_curve.TryRead(parse, out var serverKey, out _, out var keyError))
        {
            return CliFailure.BadUsage(verb, keyError!, error);
        }

        var endpoint = parse.GetValue(_endpoint)!;
        var timeout = parse.GetValue(_timeout);
        using var client = new SnapshotClient(endpoint, serverKey);
        try
        {
            if (_curve.Credential(parse) is { } credential)
            {
                client.Login(credential, timeout);
            }

            foreach (var frame in client.Request(request, timeout))
            {
                onFrame(frame);
            }

            return CliFailure.Ok;
        }
        catch (GatewayRequestException e)
        {
            var hint = e.Message.StartsWith("no reply", StringComparison.Ordinal)
                ? $": is a gateway's request service listening on {endpoint}{(serverKey is null ? " (a CurveZMQ gateway needs --server-key)" : " with that --server-key")}?"
                : e.Message.Contains("a known command", StringComparison.Ordinal)
                    ? $": {endpoint} does not serve {request.Split(' ')[0]} (a feed handler's --req serves RETRANSMIT only): ask a gateway"
                    : string.Empty;
            error.WriteLine($"tickstream {verb}: {e.Message}{hint}");
            return CliFailure.Failed;
        }
    }
}
