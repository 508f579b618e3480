using System.Diagnostics;

namespace TickStream.Testing;

/// <summary>Whether the Python client's tests can run: /usr/bin/python3 with pyzmq (python3-zmq).</summary>
public static class Pyzmq
{
    /// <summary>The interpreter the Python client tests use.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Why the Python client cannot run here, or null when it can: a test skips with this reason.</summary>
    /// <returns>The reason, or null.</returns>
    public static string? MissingReason()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is not installed (.ci/run installs python3-zmq)";
        }

        using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import zmq"]) { RedirectStandardError = true })!;
        return probe.WaitForExit(TimeSpan.FromSeconds(20)) && probe.ExitCode == 0
            ? null
            : "pyzmq is not installed for /usr/bin/python3 (apt-get install python3-zmq; .ci/run does)";
    }
}
