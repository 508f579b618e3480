using System.Diagnostics;
using System.Globalization;

namespace TickStream.LoadTest;

/// <summary>A subscriber process: this executable in <c>subscribe</c> mode, controlled through its standard input.</summary>
internal sealed class SubscriberProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _errors = new();

    public SubscriberProcess(string endpoint, PublisherPath path, string outDir, string name, long expectedIntervalNs,
        TimeSpan interval, TimeSpan warmup, bool spinLimitZero, int highWatermark)
    {
        Name = name;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "TickStream.LoadTest.dll"), "subscribe",
            "--connect", endpoint, "--path", LatencySubscriber.PathName(path), "--out", outDir, "--name", name,
            "--expected-interval-ns", expectedIntervalNs.ToString(CultureInfo.InvariantCulture),
            "--interval-ms", ((int)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "--warmup-ms", ((int)warmup.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "--hwm", highWatermark.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (spinLimitZero)
        {
            start.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        }
        else
        {
            start.Environment.Remove("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit");
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "ready")
            {
                _ready.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool WaitReady(TimeSpan timeout) => _ready.Task.Wait(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero) || _ready.Task.IsCompleted;

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString().Trim();
            }
        }
    }

    /// <summary>Tells the subscriber how many ticks were sent; it exits once it has them or the stream is quiet.</summary>
    public void Stop(long sent)
    {
        try
        {
            _process.StandardInput.WriteLine("stop " + sent.ToString(CultureInfo.InvariantCulture));
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // Exited already: WaitForExit reports it.
        }
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (_process.WaitForExit(timeout))
        {
            _process.WaitForExit(); // flushes the redirected output
            return _process.ExitCode == 0;
        }

        _process.Kill(entireProcessTree: true);
        return false;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    // The muxer that runs this process (dotnet run, dotnet test set DOTNET_HOST_PATH), else dotnet on the PATH.
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
