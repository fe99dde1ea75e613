using Gateway.Delivery.Secrets;

namespace Gateway.Secrets;

/// <summary>
/// The run command's encryption key: with no <c>Encryption:Key</c> or <c>Encryption:KeyFile</c> set, a local run
/// (the one that starts its own store) keeps a key in <c>.data/encryption.key</c>, made once and read again on every run.
/// </summary>
public static class DevelopmentKey
{
    public static void EnsureDevelopmentKey(this WebApplicationBuilder builder, string dataDirectory)
    {
        var configuration = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(configuration["Encryption:Key"]) || !string.IsNullOrWhiteSpace(configuration["Encryption:KeyFile"]))
        {
            return;
        }

        var path = Path.Combine(dataDirectory, "encryption.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            File.WriteAllText(path, EncryptionKey.Generate() + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            System.Console.WriteLine($"Generated a development encryption key in {path}");
        }

        configuration["Encryption:KeyFile"] = path;
    }
}
