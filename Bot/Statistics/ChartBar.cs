namespace ChatIntake.Statistics;

/// <summary>One bar of a chart: its label, value, the value as shown (the panel's digits), and where it leads, if anywhere.</summary>
public sealed record ChartBar(string Label, double Value, string Shown, string? Link = null);
