using System.Runtime.CompilerServices;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Waits on a condition, checked every 25 ms, instead of sleeping a fixed time; fails naming the condition that never
/// held (its source text, unless <c>what</c> says it better).
/// </summary>
public static class Until
{
    public static Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(condition))] string what = "") =>
        TrueAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(condition))] string what = "")
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(25);
        }
    }
}
