using ChatIntake.Statistics;

namespace ChatIntake.Admin.Pages.Dashboard;

/// <summary>A district, department or agency in the league: its name, the queue filtered to it, and its figures.</summary>
public sealed record LeagueRow(string Name, string? QueueLink, Figures Figures);
