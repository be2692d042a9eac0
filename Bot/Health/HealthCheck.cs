namespace ChatIntake.Health;

/// <summary>The health endpoint's log category.</summary>
public sealed class HealthCheck;
