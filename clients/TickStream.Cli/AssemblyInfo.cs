using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TickStream.Replay.Tests")]
[assembly: InternalsVisibleTo("TickStream.Cli.Tests")]
[assembly: InternalsVisibleTo("TickStream.Client.Tests")]
