using System.CommandLine;
using NetMQ;
using TickStream.Gateway;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream keygen</c>: writes a CurveZMQ certificate pair in the ZeroMQ (czmq zcert) format.</summary>
internal static class KeygenCommand
{
    public static Command Create()
    {
        var output = new Argument<string>("path") { Description = "The public certificate file to write; the secret one is PATH_secret" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing files" };
        var command = new Command("keygen", "Write a CurveZMQ key pair: PATH (public, for clients) and PATH_secret (for the gateway, mode 600).")
        {
            output, force,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(output)!;
            if (!parse.GetValue(force) && (File.Exists(path) || File.Exists(path + CurveCertificateFile.SecretSuffix)))
            {
                Console.Error.WriteLine($"tickstream keygen: {path} or its _secret file exists; use --force to overwrite");
                return 2;
            }

            try
            {
                var certificate = new NetMQCertificate();
                var secretPath = CurveCertificateFile.WritePair(certificate, path);
                Console.WriteLine($"public key {certificate.PublicKeyZ85}");
                Console.WriteLine($"wrote {path} (public) and {secretPath} (secret)");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"tickstream keygen: cannot write {path}: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
