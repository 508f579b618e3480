namespace TickStream.Cli.Watch;

/// <summary>How <c>--raw</c> prints frames.</summary>
internal enum WatchFormat
{
    /// <summary>One human-readable line a frame.</summary>
    Text,

    /// <summary>One JSON object a line.</summary>
    Json,
}
