namespace Floor;

/// <summary>The floor app's own arguments; the rest (<c>--urls</c>) go to the host.</summary>
internal sealed record FloorOptions
{
    /// <summary>The Redis to LPUSH each body to (<c>--lpush --redis host:port</c>); null answers without Redis.</summary>
    public string? Redis { get; init; }

    public required string[] HostArgs { get; init; }

    public static FloorOptions Parse(string[] args)
    {
        var rest = new List<string>();
        var lpush = false;
        string? redis = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--lpush":
                    lpush = true;
                    break;
                case "--redis" when i + 1 < args.Length:
                    redis = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (lpush && redis is null)
        {
            redis = "127.0.0.1:6379";
        }

        return new FloorOptions { Redis = lpush ? redis : null, HostArgs = [.. rest] };
    }
}
