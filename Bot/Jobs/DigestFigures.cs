namespace ChatIntake.Jobs;

/// <summary>A supervisor's day in numbers, within their departments and districts.</summary>
public sealed record DigestFigures(int New, int Overdue, int Reopened, double? AverageRating);
