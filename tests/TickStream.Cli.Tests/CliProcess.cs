using System.Diagnostics;
using System.Text;

namespace TickStream.Cli.Tests;

/// <summary>Runs the built <c>tickstream</c> program as a child process, as an operator would, and keeps its output.</summary>
internal sealed class CliProcess : IDisposable
{
    /// <summary>How long any verb may take on a loaded machine before the test gives up on it.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly TaskCompletionSource _outputDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(IEnumerable<string> arguments, bool readOutput)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add(ProgramPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data, _errorDone);
        _process.BeginErrorReadLine();
        if (!readOutput)
        {
            _outputDone.TrySetResult();
        }
        else
        {
            _process.OutputDataReceived += (_, e) => Append(_output, e.Data, _outputDone);
            _process.BeginOutputReadLine();
        }
    }

    /// <summary>The built program: beside the tests (the project reference copies it), else in its own bin folder.</summary>
    public static string ProgramPath
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "tickstream.dll");
            if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "tickstream.runtimeconfig.json")))
            {
                return beside;
            }

            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TickStream.sln")))
            {
                directory = directory.Parent;
            }

            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var tfm = new DirectoryInfo(AppContext.BaseDirectory).Name;
            return Path.Combine(directory?.FullName ?? ".", "clients", "TickStream.Cli", "bin", configuration, tfm, "tickstream.dll");
        }
    }

    /// <summary>The process's standard output, for a test that reads it itself.</summary>
    public StreamReader StandardOutput => _process.StandardOutput;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the program; the caller reads its standard output when <paramref name="readOutput"/> is false.</summary>
    public static CliProcess Start(bool readOutput, params string[] arguments) => new(arguments, readOutput);

    /// <summary>Runs the program to its end and returns it (exit code, output, error).</summary>
    public static async Task<CliProcess> RunAsync(params string[] arguments)
    {
        var process = new CliProcess(arguments, readOutput: true);
        await process.WaitAsync().ConfigureAwait(false);
        return process;
    }

    /// <summary>Waits for the end (killing the process after <see cref="Deadline"/>) and returns the exit code.</summary>
    public async Task<int> WaitAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tickstream did not exit within {Deadline}; error so far: {Error}");
        }

        // The streams end after the process: wait for their last lines.
        await Task.WhenAny(Task.WhenAll(_errorDone.Task, _outputDone.Task), Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Asks the program to stop as a service manager would.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>Ctrl+C.</summary>
    public void Interrupt() => Signal(InheritsIgnoredSigInt() ? "-TERM" : "-INT");

    // A test run started in the background of a shell ignores SIGINT, and its children inherit that (the runtime then
    // never sees the signal): send SIGTERM there, which the verbs take on the same path as Ctrl+C.
    private static bool InheritsIgnoredSigInt()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
            {
                var mask = ulong.Parse(line.AsSpan(7).Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                return (mask & (1UL << (2 - 1))) != 0; // SIGINT is signal 2
            }
        }

        return false;
    }

    private void Signal(string signal)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder into, string? line, TaskCompletionSource done)
    {
        if (line is null)
        {
            done.TrySetResult();
            return;
        }

        lock (into)
        {
            into.AppendLine(line);
        }
    }
}
