namespace ChatIntake.Admin.Queue;

/// <summary>A view every staff member has without saving it: its text key and its canonical query.</summary>
public sealed record BuiltInView(string TextKey, string Query)
{
    public static readonly IReadOnlyList<BuiltInView> All =
    [
        new("view.myOpen", "assignee=me&open=true"),
        new("view.overdue", "overdue=true"),
        new("view.triage", "triage=all"),
        new("view.unread", "unread=true"),
    ];
}
