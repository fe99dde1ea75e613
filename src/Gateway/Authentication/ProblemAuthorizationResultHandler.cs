using Gateway.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Gateway.Authentication;

/// <summary>
/// Answers a refused call with a 401 problem instead of a bare challenge: the reason the credential failed (an unknown
/// or revoked key), else what the route's policy asks for. A credential of the wrong kind (a tenant key on an admin
/// route) is refused the same way, as it was never valid there.
/// </summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        // The request's handler keeps its result, so this reads the failure without looking the key up again.
        var failure = (await context.AuthenticateAsync().ConfigureAwait(false)).Failure?.Message;
        var askFor = policy.Requirements.OfType<CredentialRequirement>().FirstOrDefault()?.AskFor ?? "Send a valid credential.";
        await Problem.Unauthorized(failure ?? askFor).ExecuteAsync(context).ConfigureAwait(false);
    }
}
