using Gateway.Delivery.Secrets;
using Gateway.Secrets;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Tests.Secrets;

/// <summary>The run command's development key: made once under the data folder, then reused; a configured key wins.</summary>
public sealed class DevelopmentKeyTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "gw-devkey-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void NoKeyConfigured_MakesOneUnderData_OwnerOnly_AndReusesIt()
    {
        var first = WebApplication.CreateBuilder();
        first.EnsureDevelopmentKey(_data);
        var path = first.Configuration["Encryption:KeyFile"]!;
        var key = File.ReadAllText(path);

        var second = WebApplication.CreateBuilder();
        second.EnsureDevelopmentKey(_data);

        Assert.Equal(Path.Combine(_data, "encryption.key"), path);
        Assert.NotNull(EncryptionKey.TryParse(key, out _));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(path, second.Configuration["Encryption:KeyFile"]);
        Assert.Equal(key, File.ReadAllText(path));
    }

    [Fact]
    public void KeyConfigured_IsLeftAlone()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Encryption:Key"] = EncryptionKey.Generate();

        builder.EnsureDevelopmentKey(_data);

        Assert.Null(builder.Configuration["Encryption:KeyFile"]);
        Assert.False(Directory.Exists(_data));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
