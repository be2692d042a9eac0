namespace ChatIntake.Staff;

/// <summary>What a staff member may do. Agents and supervisors see only the tickets of their departments and districts.</summary>
public enum StaffRole
{
    Agent = 0,
    Supervisor = 1,
    Administrator = 2,
}
