using System.Diagnostics;
using System.Text.Json;
using TickStream.Testing;

namespace TickStream.Client.Tests;

/// <summary>The Python client (clients/python/tickstream, written from docs/RECOVERY.md) repairs a gap.</summary>
public sealed class PythonRepairTests
{
    [Fact]
    public void PythonClient_WithReq_RepairsAGapInOrder()
    {
        if (Pyzmq.MissingReason() is { } why)
        {
            Assert.Skip(why);
        }

        using var publisher = new TestPublisher();
        using var server = new FakeRequestServer { MaxReplyFrames = 1 };
        var start = new ProcessStartInfo(Pyzmq.Python, ["-m", "tickstream", "--connect", publisher.Endpoint, "--req", server.Endpoint, "--classes", "Q", "--seconds", "60", "AAPL"])
        {
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<JsonElement>();
        python.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lines.Enqueue(JsonDocument.Parse(line).RootElement);
            }
        };
        python.BeginOutputReadLine();
        python.BeginErrorReadLine();
        try
        {
            List<JsonElement> OnStream(int stream) => [.. lines.Where(l => l.GetProperty("type").GetString() == "Quote" && l.GetProperty("streamId").GetInt32() == stream)];
            publisher.ProbeUntil(() => OnStream(TestPublisher.ProbeStream).Count > 0 || python.HasExited, "AAPL");
            Assert.False(python.HasExited, "the Python client exited early");

            for (ulong i = 1; i <= 10; i++)
            {
                var quote = TestFrames.Quote("AAPL", 1, i, i);
                server.Add(quote);
                if (i is not (4 or 5 or 6))
                {
                    publisher.Send(quote);
                }
            }

            Poll.Require(() => OnStream(1).Count >= 10, deadline: TimeSpan.FromSeconds(30), what: "ten quotes from the Python client");
            var quotes = OnStream(1);
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (ulong)i), quotes.Select(q => q.GetProperty("symbolSeq").GetUInt64()));
            Assert.Equal([4UL, 5, 6], quotes.Where(q => q.TryGetProperty("repaired", out _)).Select(q => q.GetProperty("symbolSeq").GetUInt64()));
            Assert.Equal(["RETRANSMIT 1 * 4 6 Q.AAPL|"], server.Requests.Where(r => r.StartsWith("RETRANSMIT", StringComparison.Ordinal)));
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill();
                python.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
    }

    [Fact]
    public async Task PythonRequestScript_OnAREQSocket_ReadsATransferOfSeveralMessages()
    {
        if (Pyzmq.MissingReason() is { } why)
        {
            Assert.Skip(why);
        }

        using var server = new FakeRequestServer { MaxReplyFrames = 2 };
        for (ulong i = 1; i <= 5; i++)
        {
            server.Add(TestFrames.Quote("AAPL", 1, i, i));
        }

        var start = new ProcessStartInfo(Pyzmq.Python, ["gateway_request.py", "--connect", server.Endpoint, "RETRANSMIT", "1", "1", "1", "5"])
        {
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            Assert.True(python.WaitForExit(TimeSpan.FromSeconds(30)), "gateway_request.py did not end");
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill();
            }
        }

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1UL, 2, 3, 4, 5], lines.Where(l => l.TryGetProperty("symbolSeq", out _)).Select(l => l.GetProperty("symbolSeq").GetUInt64()));
        Assert.Equal("END", lines[^1].GetProperty("end").GetString());
        Assert.Equal(0, python.ExitCode);
    }
}
