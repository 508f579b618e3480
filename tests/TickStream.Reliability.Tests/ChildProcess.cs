using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace TickStream.Reliability.Tests;

/// <summary>
/// A child process of a test: its output lines kept (with the time each arrived) for waiting on and for the
/// test's diagnostics, commands written to its standard input, and killed on dispose whatever happened.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>What the test calls this child in messages.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once the process has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>, output redirected.</summary>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The children log to the console; no colours or terminal control in what the test keeps.
        info.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        info.Environment["NO_COLOR"] = "1";
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Add(child._output, e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(child._errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a .NET program (<c>dotnet ASSEMBLY ARGS</c>), inside a network namespace when one is given.</summary>
    public static ChildProcess StartDotnet(string name, string assembly, IEnumerable<string> arguments, string? networkNamespace = null)
    {
        var host = DotnetHost();
        return networkNamespace is null
            ? Start(name, host, [assembly, .. arguments])
            : Start(name, "ip", ["netns", "exec", networkNamespace, host, assembly, .. arguments]);
    }

    /// <summary>The dotnet host that runs the tests, else <c>dotnet</c> from the path.</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// The path of a program built by a referenced project: beside the tests when its runtime configuration was
    /// copied there, else in that project's own output folder (<paramref name="projectFolder"/> relative to the
    /// repository root).
    /// </summary>
    public static string AssemblyPath(string assemblyName, string projectFolder)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, assemblyName + ".runtimeconfig.json")))
        {
            return beside;
        }

        // tests/<this>/bin/<config>/<tfm>/ -> <root>/<projectFolder>/bin/<config>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, projectFolder, "bin", configuration, tfm, assemblyName + ".dll");
    }

    /// <summary>The standard output lines so far.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_lock)
        {
            return [.. _output];
        }
    }

    /// <summary>Waits until a standard output line at or after <paramref name="from"/> matches; its index, or -1.</summary>
    public int WaitForLine(Func<string, bool> match, TimeSpan timeout, int from = 0)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (_lock)
            {
                for (var i = from; i < _output.Count; i++)
                {
                    if (match(_output[i]))
                    {
                        return i;
                    }
                }
            }

            if (clock.Elapsed > timeout || _process.HasExited)
            {
                return -1;
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Writes one command line to the child's standard input.</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Sends a command and returns the output lines between <paramref name="begin"/> and <paramref name="end"/> of its answer.</summary>
    public IReadOnlyList<string>? Ask(string command, string begin, string end, TimeSpan timeout)
    {
        int from;
        lock (_lock)
        {
            from = _output.Count;
        }

        Send(command);
        var last = WaitForLine(line => line == end, timeout, from);
        if (last < 0)
        {
            return null;
        }

        lock (_lock)
        {
            var first = _output.FindIndex(from, line => line == begin);
            return first < 0 || first > last ? null : _output.GetRange(first + 1, last - first - 1);
        }
    }

    /// <summary>SIGKILL: the process ends at once, its sockets closed by the kernel.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>SIGTERM: asks the process to stop cleanly.</summary>
    public void Terminate()
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(5_000);
    }

    /// <summary>Waits for the process to end.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>The last lines of both outputs, for a failure's diagnostics.</summary>
    public string Log(int maxLines = 60)
    {
        lock (_lock)
        {
            var text = new StringBuilder();
            text.Append("--- ").Append(Name).Append(" (pid ").Append(_process.Id).Append(_process.HasExited ? $", exit {_process.ExitCode}" : ", running").AppendLine(") stdout:");
            foreach (var line in _output.Skip(Math.Max(0, _output.Count - maxLines)))
            {
                text.AppendLine(line);
            }

            text.Append("--- ").Append(Name).AppendLine(" stderr:");
            foreach (var line in _errors.Skip(Math.Max(0, _errors.Count - maxLines)))
            {
                text.AppendLine(line);
            }

            return text.ToString();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill();
                _process.WaitForExit(5_000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            // Bounded: a chatty child cannot fill the test's memory.
            if (lines.Count < 200_000)
            {
                lines.Add(line);
            }
        }
    }
}
