using System.Runtime.InteropServices;

namespace TickStream.Cli.Hosting;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM turned into cancellation for the verbs that finish with a summary (<c>watch</c>,
/// <c>record</c>, <c>demo</c>): the process is not ended by the signal, the verb stops, flushes, summarises and
/// exits normally. A second signal is left to its default action, so that a verb that does not stop can still be
/// ended from the keyboard.
/// </summary>
internal sealed class SignalStop : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    /// <summary>Starts taking the signals; <see cref="Token"/> is also cancelled with <paramref name="cancellationToken"/>.</summary>
    public SignalStop(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        _stop.Cancel();
    }
}
