namespace TickStream.Disruptor.Tests;

/// <summary>State a struct handler writes through a reference, so the test can read it while the handler runs
/// inside its processor.</summary>
internal sealed class Probe
{
    private long _count;
    private long _errors;

    public long Count => Volatile.Read(ref _count);

    public long Errors => Volatile.Read(ref _errors);

    public string? FirstError { get; private set; }

    public long Timeouts;
    public long Batches;
    public long Starts;
    public long Shutdowns;
    public long AllocatedAtMark = -1;
    public long AllocatedAtEnd = -1;

    public void Seen() => Volatile.Write(ref _count, _count + 1);

    public void Error(string message)
    {
        if (_errors == 0)
        {
            FirstError = message;
        }

        Volatile.Write(ref _errors, _errors + 1);
    }
}
