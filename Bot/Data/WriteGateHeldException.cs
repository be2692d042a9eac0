namespace ChatIntake.Data;

/// <summary>A flow whose own writes hold the write gate tried to enter it again (<see cref="WriteGate.HeldForThisFlow"/>): waiting would never end.</summary>
public sealed class WriteGateHeldException() : Exception("This flow's own commit holds the write gate.");
