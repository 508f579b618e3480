namespace TickStream.Cli.Gateway;

/// <summary>
/// The settings of section Gateway of a configuration file that are the command's rather than
/// <see cref="TickStream.Gateway.GatewayOptions"/>': files to read and switches.
/// </summary>
internal sealed class GatewayFileSettings
{
    /// <summary>As <c>--curve-secret</c>.</summary>
    public string? CurveSecretFile { get; set; }

    /// <summary>As <c>--plain</c>.</summary>
    public bool Plain { get; set; }

    /// <summary>As <c>--upstream-key</c>.</summary>
    public string? UpstreamKeyFile { get; set; }

    /// <summary>As <c>--entitlements</c>.</summary>
    public string? EntitlementsFile { get; set; }

    /// <summary>As <c>--cache-all</c>.</summary>
    public bool CacheAll { get; set; }

    /// <summary>As <c>--metrics-port</c>.</summary>
    public int? MetricsPort { get; set; }
}
