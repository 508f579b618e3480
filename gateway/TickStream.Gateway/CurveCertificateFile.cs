using System.Globalization;
using NetMQ;

namespace TickStream.Gateway;

/// <summary>
/// ZeroMQ certificate files in the czmq <c>zcert</c> format: a <c>curve</c> section with Z85 keys
/// <c>public-key = "..."</c> and, in the secret file only, <c>secret-key = "..."</c>. A pair is written as
/// <c>NAME</c> (public, safe to hand to clients) and <c>NAME_secret</c> (keep on the server).
/// </summary>
public static class CurveCertificateFile
{
    /// <summary>The suffix of the secret file of a pair, as czmq writes it.</summary>
    public const string SecretSuffix = "_secret";

    /// <summary>Writes a new key pair as <paramref name="publicPath"/> and <paramref name="publicPath"/>_secret.</summary>
    /// <param name="certificate">The key pair.</param>
    /// <param name="publicPath">Path of the public file.</param>
    /// <returns>The path of the secret file.</returns>
    public static string WritePair(NetMQCertificate certificate, string publicPath)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(publicPath);
        var secretPath = publicPath + SecretSuffix;
        var created = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        File.WriteAllText(publicPath,
            $"#   ****  Generated on {created} by tickstream keygen  ****\n" +
            "#   ZeroMQ CURVE Public Certificate\n" +
            "#   Exchange securely, or use a secure mechanism to verify the contents\n" +
            "#   of this file after exchange. Store public certificates in your home\n" +
            "#   directory, in the .curve subdirectory.\n\n" +
            "metadata\n" +
            "curve\n" +
            $"    public-key = \"{certificate.PublicKeyZ85}\"\n");

        // Create the secret file readable by its owner only before any key byte is written to it.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(secretPath, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(
                $"#   ****  Generated on {created} by tickstream keygen  ****\n" +
                "#   ZeroMQ CURVE **Secret** Certificate\n" +
                "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n" +
                "metadata\n" +
                "curve\n" +
                $"    public-key = \"{certificate.PublicKeyZ85}\"\n" +
                $"    secret-key = \"{certificate.SecretKeyZ85}\"\n");
        }

        return secretPath;
    }

    /// <summary>Reads a certificate file: a secret file gives a full key pair, a public file only the public key.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The certificate.</returns>
    /// <exception cref="FormatException">The file has no valid keys; the message names the file and line.</exception>
    public static NetMQCertificate Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!TryParse(File.ReadAllLines(path), path, out var publicKey, out var secretKey, out var error))
        {
            throw new FormatException(error);
        }

        return secretKey is null ? NetMQCertificate.FromPublicKey(publicKey!) : new NetMQCertificate(secretKey, publicKey!);
    }

    /// <summary>Reads the public key (Z85) of a certificate file, public or secret.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The 40-character Z85 public key.</returns>
    public static string ReadPublicKey(string path) => Read(path).PublicKeyZ85;

    /// <summary>Parses the lines of a certificate file.</summary>
    /// <param name="lines">The file's lines.</param>
    /// <param name="source">The file name for error messages.</param>
    /// <param name="publicKey">The Z85 public key.</param>
    /// <param name="secretKey">The Z85 secret key, null in a public file.</param>
    /// <param name="error">What is wrong and where.</param>
    /// <returns>True when the file holds a valid public key and, if present, a valid secret key.</returns>
    public static bool TryParse(IReadOnlyList<string> lines, string source, out string? publicKey, out string? secretKey, out string? error)
    {
        ArgumentNullException.ThrowIfNull(lines);
        publicKey = null;
        secretKey = null;
        var inCurve = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var content = line.Trim();
            if (content.Length == 0 || content.StartsWith('#'))
            {
                continue;
            }

            // Section names start in column 0; their properties are indented.
            if (!char.IsWhiteSpace(line[0]))
            {
                inCurve = content == "curve";
                continue;
            }

            if (!inCurve)
            {
                continue;
            }

            var equals = content.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                error = $"{source}:{i + 1}: expected name = \"value\" in the curve section";
                return false;
            }

            var name = content[..equals].Trim();
            var value = content[(equals + 1)..].Trim().Trim('"');
            if (name is "public-key" or "secret-key" && !IsZ85Key(value))
            {
                error = $"{source}:{i + 1}: {name} must be 40 Z85 characters, found {value.Length}";
                return false;
            }

            if (name == "public-key")
            {
                publicKey = value;
            }
            else if (name == "secret-key")
            {
                secretKey = value;
            }
        }

        if (publicKey is null)
        {
            error = $"{source}: no public-key in a curve section (expected a ZeroMQ certificate as written by tickstream keygen)";
            return false;
        }

        if (secretKey is not null && NetMQCertificate.CreateFromSecretKey(secretKey).PublicKeyZ85 != publicKey)
        {
            error = $"{source}: the public-key does not belong to the secret-key";
            return false;
        }

        error = null;
        return true;
    }

    private static bool IsZ85Key(string value)
    {
        const string z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
        if (value.Length != 40)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!z85.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
