using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Authentication;

/// <summary>A policy's one requirement: which principals it admits, and what a refused caller should send instead.</summary>
public sealed class CredentialRequirement(Func<ClaimsPrincipal, bool> admits, string askFor) : AuthorizationHandler<CredentialRequirement>, IAuthorizationRequirement
{
    /// <summary>The problem's detail when a caller is refused with no more specific reason.</summary>
    public string AskFor { get; } = askFor;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CredentialRequirement requirement)
    {
        if (admits(context.User))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
