using System.CommandLine;
using NetMQ;
using TickStream.Gateway;

namespace TickStream.Cli.Hosting;

/// <summary>
/// The CurveZMQ and credential options of the verbs that subscribe to a gateway (<c>watch</c>, <c>record</c>,
/// <c>symbols</c>, <c>snapshot</c>), docs/SECURITY.md: the gateway's public key as a file or 40 Z85 characters,
/// an optional client key pair, and a credential to log in with.
/// </summary>
internal sealed class CurveClientOptions
{
    private readonly Option<string?> _serverKey = new("--server-key") { Description = "The gateway's CurveZMQ public key: its public certificate file (tickstream keygen) or the 40 Z85 characters; plain when not given" };
    private readonly Option<string?> _clientKey = new("--client-key") { Description = "With --server-key: this client's secret certificate file (tickstream keygen); a fresh key pair when not given" };
    private readonly Option<string?> _credential = new("--credential") { Description = "Log in with this credential on the gateway's request endpoint (--req) for its entitlements; needs --server-key (docs/SECURITY.md)" };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_serverKey);
        command.Options.Add(_clientKey);
        command.Options.Add(_credential);
    }

    /// <summary>The <c>--credential</c> option, for validators.</summary>
    public Option<string?> CredentialOption => _credential;

    /// <summary>The credential given, if any.</summary>
    public string? Credential(ParseResult parse) => parse.GetValue(_credential);

    /// <summary>Reads the keys; false with a plain reason when a file or key is not usable.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="serverKey">The gateway's Z85 public key; null for plain.</param>
    /// <param name="clientCertificate">This client's key pair; null for a fresh one.</param>
    /// <param name="error">Why not, naming the option.</param>
    public bool TryRead(ParseResult parse, out string? serverKey, out NetMQCertificate? clientCertificate, out string? error)
    {
        serverKey = null;
        clientCertificate = null;
        error = null;
        var given = parse.GetValue(_serverKey);
        try
        {
            if (given is not null)
            {
                serverKey = File.Exists(given) ? CurveCertificateFile.ReadPublicKey(given)
                    : given.Length == 40 ? NetMQCertificate.FromPublicKey(given).PublicKeyZ85
                    : throw new FormatException("not a key");
            }

            if (parse.GetValue(_clientKey) is { } clientFile)
            {
                clientCertificate = serverKey is null
                    ? throw new FormatException("--client-key needs --server-key")
                    : CurveCertificateFile.Read(clientFile);
            }
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error = given is not null && serverKey is null && !File.Exists(given)
                ? $"--server-key: '{given}' is neither a readable certificate file nor a Z85 public key of 40 characters"
                : e.Message;
            return false;
        }

        if (parse.GetValue(_credential) is not null && serverKey is null)
        {
            error = "--credential needs --server-key: credentials must not cross the network in clear";
            return false;
        }

        return true;
    }
}
