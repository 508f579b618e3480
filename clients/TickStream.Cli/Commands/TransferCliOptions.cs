using System.CommandLine;
using TickStream.Recovery;

namespace TickStream.Cli.Commands;

/// <summary>The retransmission and credit options the <c>gateway</c> and <c>feed</c> verbs share (docs/RECOVERY.md).</summary>
internal sealed class TransferCliOptions
{
    private readonly Option<int> _window = new("--retransmit-window") { Description = "Frames kept per stream in memory for RETRANSMIT (rounded up to a power of two; memory is taken as it fills)", DefaultValueFactory = _ => RetransmitWindow.DefaultFrames };
    private readonly Option<int> _maxCredit = new("--max-credit") { Description = "Reply messages a client may have granted and not received; larger grants are clamped", DefaultValueFactory = _ => 8 };
    private readonly Option<int> _maxReplyFrames = new("--max-reply-frames") { Description = "Data frames per reply message (and at most about 256 KiB)", DefaultValueFactory = _ => 1_000 };
    private readonly Option<int> _maxTransfers = new("--max-transfers") { Description = "Transfers open at once over all clients; beyond, a request that needs one gets ERROR busy", DefaultValueFactory = _ => 64 };
    private readonly Option<TimeSpan> _idle = new("--transfer-idle-timeout") { Description = "A transfer with no credit for this long is closed", DefaultValueFactory = _ => TimeSpan.FromSeconds(30) };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_window);
        command.Options.Add(_maxCredit);
        command.Options.Add(_maxReplyFrames);
        command.Options.Add(_maxTransfers);
        command.Options.Add(_idle);
    }

    /// <summary>Copies the parsed values into the options.</summary>
    public void Apply(ParseResult parse, TransferOptions options)
    {
        options.WindowFrames = parse.GetValue(_window);
        options.MaxCredit = parse.GetValue(_maxCredit);
        options.MaxReplyFrames = parse.GetValue(_maxReplyFrames);
        options.MaxTransfers = parse.GetValue(_maxTransfers);
        options.IdleTimeout = parse.GetValue(_idle);
    }
}
