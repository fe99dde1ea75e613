namespace LoadDriver.Reporting;

/// <summary>
/// One quiet stretch: CPU (100 = one core) and Redis commands per second, as the mean over the window and the highest
/// one-second value in it (a periodic sweep shows up in the maximum before the mean).
/// </summary>
internal sealed record IdleWindow(double? GatewayCpuPercent, double? GatewayCpuPercentMax, double? RedisOpsPerSec, double? RedisOpsPerSecMax, double? RedisCpuPercent);
