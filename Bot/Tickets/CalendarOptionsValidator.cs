using Microsoft.Extensions.Options;

namespace ChatIntake.Tickets;

/// <summary>Names the first impossible working-week or holiday setting at start.</summary>
public sealed class CalendarOptionsValidator : IValidateOptions<CalendarOptions>
{
    public ValidateOptionsResult Validate(string? name, CalendarOptions options) =>
        WorkingCalendar.Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
