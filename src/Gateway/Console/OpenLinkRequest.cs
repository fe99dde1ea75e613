using Gateway.Problems;

namespace Gateway.Console;

/// <summary>A console link's token, exchanged for the session cookie.</summary>
/// <param name="Token">The token from the link's fragment. A missing one is answered as an invalid link (401).</param>
public sealed record OpenLinkRequest(string Token) : IJsonRequest<OpenLinkRequest>
{
    public static long MaxBytes => 4096;
}
