using System.Runtime.InteropServices;
using System.Text;

namespace TickStream.Journal;

/// <summary>
/// Reads a whole journal, skipping over corruption, and reports what is in it (<c>tickstream journal inspect DIR</c>).
/// </summary>
public static class JournalInspector
{
    private const string NoSymbol = "(none)";

    /// <summary>Inspects the journal in <paramref name="directory"/>. Damage is reported in the result, not thrown.</summary>
    /// <exception cref="JournalException">The directory is missing, unreadable or holds no segment file.</exception>
    public static JournalInspection Inspect(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        List<(uint Number, string Path)> segments = JournalDirectory.ListSegments(directory);
        if (segments.Count == 0)
        {
            throw new JournalException($"journal directory '{directory}' holds no segment file (*{JournalFormat.SegmentExtension})");
        }

        var summaries = new List<JournalSegmentSummary>();
        var problems = new List<JournalProblem>();
        var bySymbol = new Dictionary<string, long>(StringComparer.Ordinal);
        Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> symbolLookup = bySymbol.GetAlternateLookup<ReadOnlySpan<char>>();
        var byTemplate = new Dictionary<int, long>();
        Span<char> symbolChars = stackalloc char[JournalMessage.MaxTopicLength];
        long records = 0;
        long messageBytes = 0;
        long regressions = 0;
        long previousTime = long.MinValue;
        byte[] buffer = new byte[1 << 20];
        var holes = new JournalHoleFinder();

        for (int i = 0; i < segments.Count; i++)
        {
            (uint number, string path) = segments[i];
            long size = SizeOf(path);
            using SegmentCursor? cursor = SegmentCursor.Open(path, number, i == segments.Count - 1, buffer, out JournalProblem? headerProblem);
            string indexStatus;
            _ = SegmentIndex.Load(JournalDirectory.IndexPathOf(path), number, out indexStatus);
            if (cursor is null)
            {
                problems.Add(headerProblem!);
                summaries.Add(new JournalSegmentSummary(Path.GetFileName(path), size, 0, null, null, null, indexStatus));
                continue;
            }

            long segmentRecords = 0;
            long? first = null;
            long? last = null;
            while (true)
            {
                if (cursor.Next())
                {
                    long time = cursor.RecordTimeNs;
                    ReadOnlySpan<byte> message = cursor.Message;
                    segmentRecords++;
                    messageBytes += message.Length;
                    first ??= time;
                    last = time;
                    if (time < previousTime)
                    {
                        regressions++;
                    }

                    previousTime = time;
                    holes.Observe(message, time);
                    if (JournalMessage.TryGetSymbol(message, out ReadOnlySpan<byte> symbol))
                    {
                        int length = Encoding.ASCII.GetChars(symbol, symbolChars);
                        CollectionsMarshal.GetValueRefOrAddDefault(symbolLookup, symbolChars[..length], out _)++;
                    }
                    else
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(bySymbol, NoSymbol, out _)++;
                    }

                    CollectionsMarshal.GetValueRefOrAddDefault(byTemplate, JournalMessage.TemplateId(message), out _)++;
                    continue;
                }

                if (cursor.Problem is null)
                {
                    break;
                }

                problems.Add(cursor.Problem);
                cursor.Position = cursor.ResumeOffset;
            }

            buffer = cursor.Buffer;
            records += segmentRecords;
            summaries.Add(new JournalSegmentSummary(Path.GetFileName(path), size, segmentRecords, first, last, cursor.Header, indexStatus));
        }

        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (KeyValuePair<int, long> pair in byTemplate)
        {
            byType[JournalMessage.TemplateName(pair.Key)] = pair.Value;
        }

        return new JournalInspection(directory, summaries, problems, bySymbol, byType, records, messageBytes, regressions)
        {
            Holes = holes.Holes,
            MissingFrames = holes.MissingFrames,
        };
    }

    private static long SizeOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
