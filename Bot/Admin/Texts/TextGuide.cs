namespace ChatIntake.Admin.Texts;

/// <summary>
/// What each editable notification is for, in words an administrator reads: its group, a plain title, and what each
/// numbered hole ({0}, {1}…) is filled with. A text added later without an entry here shows under "Other" with its key.
/// </summary>
public static class TextGuide
{
    public sealed record Entry(string Group, string TitleKey, IReadOnlyList<string> Holes);

    /// <summary>The groups in the page's order.</summary>
    public static readonly IReadOnlyList<string> Groups = ["updates", "status", "survey", "unfinished", "staff", "other"];

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal)
    {
        ["notify.status"] = new("updates", "notify.status", ["code", "status"]),
        ["notify.reason"] = new("updates", "notify.reason", ["message", "reason"]),
        ["notify.reply"] = new("updates", "notify.reply", ["code", "reply"]),
        ["notify.followed"] = new("updates", "notify.followed", ["category", "status"]),
        ["notify.duplicate"] = new("updates", "notify.duplicate", ["code", "master"]),
        ["notify.agency"] = new("updates", "notify.agency", ["code", "agency", "expected"]),
        ["notify.agency.reference"] = new("updates", "notify.agency.reference", ["message", "reference"]),
        ["notify.agency.answered"] = new("updates", "notify.agency.answered", ["code", "agency"]),
        ["followup.progress"] = new("updates", "followup.progress", ["code", "status"]),
        ["followup.closed"] = new("updates", "followup.closed", ["code"]),
        ["status.followed"] = new("updates", "status.followed", ["category", "status", "date"]),
        ["status.new"] = new("status", "status.new", []),
        ["status.referred"] = new("status", "status.referred", []),
        ["status.inprogress"] = new("status", "status.inprogress", []),
        ["status.resolved"] = new("status", "status.resolved", []),
        ["status.closed"] = new("status", "status.closed", []),
        ["status.rejected"] = new("status", "status.rejected", []),
        ["status.duplicate"] = new("status", "status.duplicate", []),
        ["followup.survey"] = new("survey", "followup.survey", ["code", "category"]),
        ["followup.survey.fixed"] = new("survey", "followup.survey.fixed", []),
        ["followup.survey.partly"] = new("survey", "followup.survey.partly", []),
        ["followup.survey.notfixed"] = new("survey", "followup.survey.notfixed", []),
        ["followup.survey.expired"] = new("survey", "followup.survey.expired", ["code"]),
        ["followup.rate"] = new("survey", "followup.rate", []),
        ["followup.rate.retry"] = new("survey", "followup.rate.retry", []),
        ["followup.rate.comment"] = new("survey", "followup.rate.comment", []),
        ["followup.rate.thanks"] = new("survey", "followup.rate.thanks", []),
        ["followup.reopened"] = new("survey", "followup.reopened", ["code"]),
        ["followup.reopened.ask"] = new("survey", "followup.reopened.ask", []),
        ["followup.reopened.noted"] = new("survey", "followup.reopened.noted", ["code"]),
        ["followup.skip"] = new("survey", "followup.skip", []),
        ["followup.nudge"] = new("unfinished", "followup.nudge", []),
        ["followup.expired"] = new("unfinished", "followup.expired", []),
        ["staff.response.reminder"] = new("staff", "staff.response.reminder", ["code", "category", "district", "due"]),
        ["staff.response.escalation"] = new("staff", "staff.response.escalation", ["code", "category", "district", "due"]),
        ["staff.reminder"] = new("staff", "staff.reminder", ["code", "category", "district", "due"]),
        ["staff.escalation"] = new("staff", "staff.escalation", ["code", "category", "district", "due"]),
        ["staff.reopened"] = new("staff", "staff.reopened", ["code", "category", "words"]),
        ["staff.signoff.requested"] = new("staff", "staff.signoff.requested", ["code", "category", "note"]),
        ["staff.signoff.approved"] = new("staff", "staff.signoff.approved", ["code", "category", "staff"]),
        ["staff.signoff.sentBack"] = new("staff", "staff.signoff.sentBack", ["code", "category", "reason"]),
        ["staff.agency.chase"] = new("staff", "staff.agency.chase", ["code", "category", "agency", "reference", "expected"]),
        ["staff.digest"] = new("staff", "staff.digest", ["date", "new", "overdue", "reopened", "rating"]),
    };

    /// <summary>The entry for <paramref name="key"/>; an unknown key is "other", titled by itself, its holes unnamed.</summary>
    public static Entry For(string key) => Entries.GetValueOrDefault(key) ?? new Entry("other", key, []);

    public static bool IsKnown(string key) => Entries.ContainsKey(key);

    /// <summary>Every described text's key.</summary>
    public static IEnumerable<string> Keys => Entries.Keys;
}
