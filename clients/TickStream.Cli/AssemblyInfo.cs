using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TickStream.Replay.Tests")]
