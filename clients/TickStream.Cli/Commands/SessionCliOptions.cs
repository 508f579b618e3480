using System.CommandLine;
using TickStream.Cli.Hosting;
using TickStream.Gateway;

namespace TickStream.Cli.Commands;

/// <summary>The <c>gateway</c> verb's limits per client of the request service and its liveness check (docs/SECURITY.md).</summary>
internal sealed class SessionCliOptions
{
    private readonly Option<int> _maxSessions = new("--max-sessions") { Description = "LOGIN sessions open at once (one per connection, ended with it); a LOGIN beyond gets ERROR", DefaultValueFactory = _ => 10_000 };
    private readonly Option<int> _maxSymbols = new("--max-session-symbols") { Description = "Symbols one session may SUBSCRIBE to; a SUBSCRIBE beyond gets ERROR", DefaultValueFactory = _ => 10_000 };
    private readonly Option<int> _requestHwm = new("--req-hwm") { Description = "Messages the request socket queues per connection each way (replies and routed frames beyond are dropped)", DefaultValueFactory = _ => 1_000 };
    private readonly Option<TimeSpan> _heartbeat = CliDuration.Option("--client-heartbeat", "ZMTP heartbeat (PING) interval on request connections; 0 turns it off", TimeSpan.FromSeconds(1), allowZero: true);
    private readonly Option<TimeSpan> _timeout = CliDuration.Option("--client-timeout", "A request connection silent this long after a PING is closed, and its session with it", TimeSpan.FromSeconds(10));

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_maxSessions);
        command.Options.Add(_maxSymbols);
        command.Options.Add(_requestHwm);
        command.Options.Add(_heartbeat);
        command.Options.Add(_timeout);
    }

    /// <summary>Copies the parsed values into the options (checked by <see cref="GatewayOptions.IsValid"/>).</summary>
    public void Apply(ParseResult parse, GatewayOptions options)
    {
        options.MaxSessions = parse.GetValue(_maxSessions);
        options.MaxSymbolsPerSession = parse.GetValue(_maxSymbols);
        options.RequestHighWatermark = parse.GetValue(_requestHwm);
        options.ClientHeartbeatInterval = parse.GetValue(_heartbeat);
        options.ClientTimeout = parse.GetValue(_timeout);
    }
}
