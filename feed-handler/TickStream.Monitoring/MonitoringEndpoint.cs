using System.Net;
using System.Text.Json;
using Prometheus;

namespace TickStream.Monitoring;

/// <summary>
/// A small HTTP server on a loopback port: <c>/metrics</c> in the Prometheus text format (every
/// System.Diagnostics.Metrics instrument of the process through <see cref="MeterExporter"/>, then prometheus-net's
/// process and runtime metrics) and
/// <c>/health</c> as JSON (200 when healthy, 503 when not).
/// </summary>
/// <remarks>
/// Loopback only: metrics are not access-controlled, so exposing them further is the job of a reverse proxy or of
/// Prometheus on the same host (docs/OPERATIONS.md).
/// </remarks>
public sealed class MonitoringEndpoint : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly MeterExporter _meters = new();
    private readonly HttpListener _listener = new();
    private readonly Func<HealthReport> _health;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    /// <summary>Starts serving on 127.0.0.1.</summary>
    /// <param name="port">The loopback port; 0 picks a free one (see <see cref="Url"/>).</param>
    /// <param name="health">Says whether the process is healthy; called per <c>/health</c> request.</param>
    public MonitoringEndpoint(int port, Func<HealthReport> health)
    {
        SuppressMeterAdapter();
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _health = health ?? throw new ArgumentNullException(nameof(health));
        Port = port == 0 ? FreePort() : port;
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The port served.</summary>
    public int Port { get; }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:9464/</c>.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>
    /// prometheus-net's meter adapter exports observable counters as gauges, without units and with .NET type names
    /// in HELP; <see cref="MeterExporter"/> exports the meters instead. Its process and runtime metrics stay.
    /// </summary>
    private static void SuppressMeterAdapter()
    {
        lock (SuppressLock)
        {
            if (!_suppressed)
            {
                Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true, SuppressEventCounters = true });
                _suppressed = true;
            }
        }
    }

    private static readonly Lock SuppressLock = new();
    private static bool _suppressed;

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await RespondAsync(context).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One failed scrape must not end the endpoint.
            catch (Exception)
#pragma warning restore CA1031
            {
                context.Response.Abort();
            }
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var response = context.Response;
        switch (context.Request.Url?.AbsolutePath)
        {
            case "/metrics":
                response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                using (var buffer = new MemoryStream())
                {
                    var meters = new System.Text.StringBuilder();
                    _meters.WriteTo(meters);
                    buffer.Write(System.Text.Encoding.UTF8.GetBytes(meters.ToString()));
                    await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(buffer, _stop.Token).ConfigureAwait(false);
                    response.ContentLength64 = buffer.Length;
                    buffer.Position = 0;
                    await buffer.CopyToAsync(response.OutputStream, _stop.Token).ConfigureAwait(false);
                }

                break;
            case "/health":
                var report = _health();
                response.StatusCode = report.Healthy ? 200 : 503;
                response.ContentType = "application/json";
                var body = JsonSerializer.SerializeToUtf8Bytes(new { healthy = report.Healthy, checks = report.Checks }, Json);
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body, _stop.Token).ConfigureAwait(false);
                break;
            default:
                response.StatusCode = 404;
                var text = "Not found: this endpoint serves /metrics (Prometheus) and /health (JSON)\n"u8.ToArray();
                response.ContentLength64 = text.Length;
                await response.OutputStream.WriteAsync(text, _stop.Token).ConfigureAwait(false);
                break;
        }

        response.Close();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending request: nothing left to serve.
        }

        _stop.Dispose();
        _meters.Dispose();
    }
}
