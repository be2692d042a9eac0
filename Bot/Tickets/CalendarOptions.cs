namespace ChatIntake.Tickets;

/// <summary>
/// Configuration section "Calendar": the working week and holidays that service-level targets are counted in.
/// Hours are "HH:mm-HH:mm" in the city's time zone (Intake:TimeZone); an empty value is a day off.
/// </summary>
public sealed class CalendarOptions
{
    public Dictionary<string, string> Week { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Saturday"] = "08:00-16:00",
        ["Sunday"] = "08:00-16:00",
        ["Monday"] = "08:00-16:00",
        ["Tuesday"] = "08:00-16:00",
        ["Wednesday"] = "08:00-16:00",
        ["Thursday"] = "08:00-12:00",
        ["Friday"] = "",
    };

    /// <summary>Jalali dates off work: "MM-DD" every year (Nowruz is 01-01 to 01-04), or "YYYY-MM-DD" once.</summary>
    public List<string> Holidays { get; set; } = [];
}
