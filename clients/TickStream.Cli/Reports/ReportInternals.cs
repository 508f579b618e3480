using System.Runtime.CompilerServices;

// The report's tests drive ReportBuilder directly.
[assembly: InternalsVisibleTo("TickStream.LoadTest.Tests")]
