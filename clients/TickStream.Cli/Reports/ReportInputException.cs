namespace TickStream.Cli.Reports;

/// <summary>A run folder or one of its files cannot be used; the message says which and why.</summary>
internal sealed class ReportInputException : Exception
{
    public ReportInputException(string message)
        : base(message)
    {
    }

    public ReportInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ReportInputException()
    {
    }
}
