using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Jobs;

/// <summary>Configuration section "FollowUps": when citizens hear from the city without asking.</summary>
public sealed class FollowUpOptions
{
    /// <summary>How long after a ticket is resolved its citizen is asked "is it fixed?".</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan SurveyAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A resolved ticket nobody answered about is closed this long after it was resolved.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan AutoCloseAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Working days without visible progress (a status change or a staff reply) before the citizen hears "still being handled"; 0 turns it off.</summary>
    [Range(0, 60)]
    public int ProgressNoticeAfterWorkingDays { get; set; } = 3;

    /// <summary>A citizen who stopped in the middle of a report is reminded once after this long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan UnfinishedReportNudgeAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An unfinished report is dropped (with a short message) after this long without an answer.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan UnfinishedReportExpiresAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Processed incoming updates are kept this long for deduplication, then deleted. Messengers redeliver within a day,
    /// and Telegram starts update ids afresh at a random number after a week of silence, so old ids must not linger.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan KeepProcessedUpdatesFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>When supervisors get the daily digest, in the city's time zone (HH:mm).</summary>
    [RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$", ErrorMessage = "{0} must be a time like 08:00.")]
    public string DigestAt { get; set; } = "08:00";

    /// <summary>How often the follow-up job looks for due work.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
