using System.Runtime.InteropServices;

namespace TickStream.Cli.Hosting;

/// <summary>
/// Ctrl+C and SIGTERM as cancellation of a verb's run, so that it stops its sources, drains and prints its summary
/// instead of dying where it stands. A second signal is left to its default action: a run that does not stop can still
/// be ended from the keyboard.
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _interrupted;
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    /// <summary>Starts listening; <paramref name="cancellation"/> (the invocation's own) also ends the run.</summary>
    public InterruptSignals(CancellationToken cancellation)
    {
        _interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first signal or by the invocation.</summary>
    public CancellationToken Token => _interrupted.Token;

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _interrupted.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_interrupted.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        _interrupted.Cancel();
    }
}
