using System.IO.Compression;

namespace TickStream.Sources;

/// <summary>
/// Reads ticks from a CSV tick file, plain or gzip (told by the magic bytes 1F 8B, not the extension), with a
/// header row naming the columns (docs/SOURCES.md). Malformed rows are counted, reported with file and line
/// and skipped; the rest flows. Reads through one reusable buffer: no allocation per row once warm.
/// </summary>
public sealed class CsvTickFileSource : ITickSource
{
    /// <summary>The longest row accepted, in bytes; a longer one is reported and skipped.</summary>
    public const int MaxRowLength = 64 * 1024;

    private const int ReadSize = 64 * 1024;

    private readonly InstrumentRegistry _registry;
    private readonly InstrumentSpec? _spec;
    private readonly string _fileName;

    /// <summary>Creates a source over a tick file; nothing is opened until <see cref="Run"/>.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="registry">Resolves symbols; symbols seen for the first time are added.</param>
    /// <param name="spec">Reference data for new symbols; null for the registry's default.</param>
    public CsvTickFileSource(string path, InstrumentRegistry registry, InstrumentSpec? spec = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(registry);
        if (spec is { } given && !given.IsValid(out var error))
        {
            throw new ArgumentException(error, nameof(spec));
        }

        FilePath = path;
        _registry = registry;
        _spec = spec;
        _fileName = System.IO.Path.GetFileName(path);
        Name = "csv:" + _fileName;
        Counters = new SourceCounters(Name);
    }

    /// <summary>The file's path, as given.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public SourceCounters Counters { get; }

    /// <summary>Lines read so far, the header, blank and comment lines included.</summary>
    public long LinesRead { get; private set; }

    /// <inheritdoc/>
    public void Run(ITickSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Stream? stream = null;
        try
        {
            stream = Open();
            ReadRows(stream, sink, ct);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // A missing, unreadable or truncated file ends this source; the rows before the damage were delivered.
            var location = stream is null ? _fileName : $"{_fileName}:{LinesRead + 1}";
            Counters.ReportMalformed(location, $"cannot read the file: {e.Message}");
        }
        finally
        {
            stream?.Dispose();
        }
    }

    private Stream Open()
    {
        var file = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private void ReadRows(Stream stream, ITickSink sink, CancellationToken ct)
    {
        var buffer = new byte[MaxRowLength + ReadSize];
        var start = 0;
        var end = 0;
        var eof = false;
        var skippingLongRow = false;
        CsvTickParser? parser = null;
        var tick = default(RawTick);

        while (!ct.IsCancellationRequested)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            ReadOnlySpan<byte> line;
            if (newline >= 0)
            {
                line = buffer.AsSpan(start, newline);
                start += newline + 1;
            }
            else if (!eof)
            {
                if (end - start > MaxRowLength)
                {
                    // No line end within the limit: report once, then drop bytes until the next line end.
                    if (!skippingLongRow)
                    {
                        Counters.ReportMalformed($"{_fileName}:{LinesRead + 1}", $"row is longer than {MaxRowLength} bytes");
                        skippingLongRow = true;
                    }

                    start = end;
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                var read = stream.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    eof = true;
                }

                end += read;
                continue;
            }
            else if (start < end)
            {
                line = buffer.AsSpan(start, end - start);
                start = end;
            }
            else
            {
                return;
            }

            LinesRead++;
            if (skippingLongRow)
            {
                skippingLongRow = false;
                continue;
            }

            if (LinesRead == 1 && line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                line = line[3..];
            }

            var content = CsvTickParser.Trim(line);
            if (content.IsEmpty || content[0] == (byte)'#')
            {
                continue;
            }

            if (parser is null)
            {
                if (!CsvColumnMap.TryParseHeader(content, out var map, out var headerError))
                {
                    Counters.ReportMalformed($"{_fileName}:{LinesRead}", headerError!);
                    return;
                }

                parser = new CsvTickParser(map!, _registry, _spec);
                continue;
            }

            if (parser.TryParse(line, ref tick, out var reason))
            {
                sink.OnTick(ref tick);
                Counters.AddTicksRead(1);
            }
            else
            {
                Counters.ReportMalformed($"{_fileName}:{LinesRead}", reason!);
            }
        }
    }
}
